package io.bankofthings.lending.readmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bankofthings.lending.EmbeddedDefaultsAccess;
import io.bankofthings.lending.loan.LoanApplications;
import io.bankofthings.lending.processes.LoanProcess;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.JwtRequestPostProcessor;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The whole application on its embedded defaults: loan applications run through the real loan process, the read
 * model follows the in-process engine's record stream, and an operator finds every application's instance by its
 * loanId with its decision, jobs and history.
 */
@SpringBootTest
@AutoConfigureMockMvc
class OperationsJourneyIntegrationTests {

    @DynamicPropertySource
    static void embeddedDefaults(DynamicPropertyRegistry registry) {
        EmbeddedDefaultsAccess.register(registry);
    }

    @Autowired MockMvc mvc;
    @Autowired ObjectMapper json;
    @Autowired LoanApplications applications;

    private static final JwtRequestPostProcessor OPERATOR = jwt()
            .jwt(j -> j.subject("olivia-subject").claim("preferred_username", "olivia"))
            .authorities(new SimpleGrantedAuthority("ROLE_operator"));

    private static JwtRequestPostProcessor borrower(String subject) {
        return jwt().jwt(j -> j.subject(subject).claim("preferred_username", subject))
                .authorities(new SimpleGrantedAuthority("ROLE_borrower"));
    }

    private String apply(long amountMinor, long collateralValueMinor) throws Exception {
        var created = mvc.perform(post("/api/loan-applications").with(borrower("ops-borrower"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"amountMinor": %d, "currency": "EUR", "termMonths": 24, "purpose": "new press",
                                 "collateral": [{"kind": "EQUIPMENT", "description": "Hydraulic press",
                                                 "declaredValueMinor": %d, "deviceId": "press-ops"}]}
                                """.formatted(amountMinor, collateralValueMinor)))
                .andExpect(status().isAccepted())
                .andReturn().getResponse().getContentAsString();
        return json.readTree(created).get("loanId").asText();
    }

    private JsonNode search(String businessKey) throws Exception {
        return json.readTree(mvc.perform(get("/api/operations/process-instances").param("businessKey", businessKey)
                        .with(OPERATOR))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString());
    }

    private JsonNode awaitEnded(String loanId) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (true) {
            var items = search(loanId).get("items");
            if (items.size() == 1 && !items.get(0).get("state").asText().equals("ACTIVE")) {
                return items.get(0);
            }
            assertThat(Instant.now()).as("instance of %s still not ended: %s", loanId, items).isBefore(deadline);
            Thread.sleep(200);
        }
    }

    @Test
    void operatorFindsEveryLoanInstanceByLoanIdWithItsDecisionAndHistory() throws Exception {
        var approved = new ArrayList<String>();
        for (int i = 0; i < 3; i++) {
            approved.add(apply(100_000 + i, 5_000_000));
        }
        String rejected = apply(900_000, 1_000_000);

        for (String loanId : approved) {
            var instance = awaitEnded(loanId);
            assertThat(instance.get("processId").asText()).isEqualTo(LoanProcess.PROCESS_ID);
            assertThat(instance.get("state").asText()).isEqualTo("COMPLETED");
            assertThat(instance.get("processInstanceKey").asLong())
                    .isEqualTo(applications.find(loanId).orElseThrow().processInstanceKey());
            assertThat(instance.get("activeIncidents").asInt()).isZero();
        }
        var rejectedInstance = awaitEnded(rejected);
        assertThat(rejectedInstance.get("state").asText()).isEqualTo("COMPLETED");

        long key = awaitEnded(approved.get(0)).get("processInstanceKey").asLong();
        var detail = json.readTree(mvc.perform(get("/api/operations/process-instances/{key}", key).with(OPERATOR))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString()).get("detail");
        assertThat(detail.get("decisions").findValuesAsText("decisionId")).contains(LoanProcess.DECISION_ID);
        assertThat(detail.get("jobs").findValuesAsText("type"))
                .contains(LoanProcess.JOB_SCORE_APPLICANT, LoanProcess.JOB_DISBURSE_LOAN);
        assertThat(detail.get("jobs").findValuesAsText("state")).containsOnly("COMPLETED");
        assertThat(detail.get("variables").findValuesAsText("name")).contains("loanId");
        List<String> elementStates = detail.get("elements").findValuesAsText("state");
        assertThat(elementStates).isNotEmpty().containsOnly("COMPLETED");
        assertThat(detail.get("history").findValuesAsText("intent")).contains("ELEMENT_COMPLETED", "CREATED");
        // the read model never holds two instances of one application
        var processInstances = json.readTree(mvc.perform(get("/api/operations/process-instances")
                        .param("processId", LoanProcess.PROCESS_ID).param("limit", "499").with(OPERATOR))
                .andReturn().getResponse().getContentAsString()).get("items");
        var keys = processInstances.findValuesAsText("processInstanceKey");
        assertThat(keys).doesNotHaveDuplicates().hasSizeGreaterThanOrEqualTo(4);
    }
}
