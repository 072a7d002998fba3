package io.bankofthings.lending;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bankofthings.lending.collateral.DeviceRegistry;
import io.bankofthings.lending.loan.DeviceType;
import io.bankofthings.lending.loan.LoanApplications;
import io.bankofthings.lending.processes.LoanProcess;
import io.bankofthings.lending.storage.TelemetryParquetWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
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
 * loanId with its decision, jobs and history. No element id of the loan process is named here: the process changes.
 */
@SpringBootTest
@AutoConfigureMockMvc
class OperationsJourneyIntegrationTests {

    @DynamicPropertySource
    static void embeddedDefaults(DynamicPropertyRegistry registry) {
        EmbeddedDefaultsSupport.register(registry);
    }

    @Autowired MockMvc mvc;
    @Autowired ObjectMapper json;
    @Autowired LoanApplications applications;
    @Autowired DeviceRegistry devices;
    @Autowired TelemetryParquetWriter telemetry;

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);

    private static final JwtRequestPostProcessor OPERATOR = jwt()
            .jwt(j -> j.subject("olivia-subject").claim("preferred_username", "olivia"))
            .authorities(new SimpleGrantedAuthority("ROLE_operator"));
    private static final JwtRequestPostProcessor BORROWER = jwt()
            .jwt(j -> j.subject("ops-borrower").claim("preferred_username", "ops-borrower"))
            .authorities(new SimpleGrantedAuthority("ROLE_borrower"));

    private String apply(int n, long amountMinor) throws Exception {
        String deviceId = "ops-press-" + n + "-" + suffix;
        LoanTestData.onlineDevice(devices, telemetry, deviceId, DeviceType.EQUIPMENT_MONITOR, 7 * 24);
        var created = mvc.perform(post("/api/loan-applications").with(BORROWER).contentType(MediaType.APPLICATION_JSON)
                        .content(LoanTestData.application(amountMinor, 12, "ANNUITY", "EQUIPMENT", 5_000_000,
                                "SN-ops-" + n + "-" + suffix, deviceId, "EQUIPMENT_MONITOR")))
                .andExpect(status().isAccepted())
                .andReturn().getResponse().getContentAsString();
        return json.readTree(created).get("loanId").asText();
    }

    private void awaitStatus(String loanId, Set<String> statuses) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (true) {
            String status = applications.find(loanId).orElseThrow().status().name();
            if (statuses.contains(status)) {
                return;
            }
            assertThat(Instant.now()).as("loan %s still %s", loanId, status).isBefore(deadline);
            Thread.sleep(100);
        }
    }

    private JsonNode awaitInstance(String loanId, Predicate<JsonNode> condition) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (true) {
            var items = json.readTree(mvc.perform(get("/api/operations/process-instances").param("businessKey", loanId)
                            .with(OPERATOR))
                    .andExpect(status().isOk())
                    .andReturn().getResponse().getContentAsString()).get("items");
            if (items.size() == 1 && condition.test(items.get(0))) {
                return items.get(0);
            }
            assertThat(Instant.now()).as("read model for %s: %s", loanId, items).isBefore(deadline);
            Thread.sleep(200);
        }
    }

    @Test
    void operatorFindsEveryLoanInstanceByLoanIdWithItsDecisionAndHistory() throws Exception {
        var offered = new ArrayList<String>();
        for (int i = 0; i < 3; i++) {
            offered.add(apply(i, 100_000 + i));
        }
        String rejected = apply(9, 6_000_000);
        for (String loanId : offered) {
            awaitStatus(loanId, Set.of("OFFERED"));
        }
        awaitStatus(rejected, Set.of("REJECTED"));

        for (String loanId : offered) {
            // waiting for the borrower's answer to the offer: active, with the decision already taken
            var instance = awaitInstance(loanId, i -> i.get("state").asText().equals("ACTIVE")
                    && applications.find(loanId).orElseThrow().processInstanceKey() == i.get("processInstanceKey").asLong());
            assertThat(instance.get("processId").asText()).isEqualTo(LoanProcess.PROCESS_ID);
            assertThat(instance.get("activeIncidents").asInt()).isZero();
            assertThat(instance.get("businessKeys").get("loanId").get(0).asText()).isEqualTo(loanId);
        }
        var rejectedInstance = awaitInstance(rejected, i -> !i.get("state").asText().equals("ACTIVE"));
        assertThat(rejectedInstance.get("state").asText()).isEqualTo("COMPLETED");
        assertThat(rejectedInstance.get("endedAt").isNull()).isFalse();

        long key = applications.find(offered.get(0)).orElseThrow().processInstanceKey();
        awaitInstance(offered.get(0), i -> true);
        JsonNode detail = null;
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (detail == null || !detail.get("decisions").findValuesAsText("decisionId").contains(LoanProcess.DECISION_ID)) {
            assertThat(Instant.now()).as("decision of %s in the read model", key).isBefore(deadline);
            Thread.sleep(200);
            detail = json.readTree(mvc.perform(get("/api/operations/process-instances/{key}", key).with(OPERATOR))
                    .andExpect(status().isOk())
                    .andReturn().getResponse().getContentAsString()).get("detail");
        }
        assertThat(detail.get("jobs").findValuesAsText("type")).contains(LoanProcess.JOB_SCORE_APPLICANT);
        assertThat(detail.get("elements").findValuesAsText("state")).contains("COMPLETED", "ACTIVE");
        assertThat(detail.get("variables").findValuesAsText("name")).contains("loanId");
        assertThat(detail.get("history").findValuesAsText("intent")).contains("ELEMENT_COMPLETED", "CREATED");
        assertThat(detail.get("history").findValuesAsText("detail")).noneMatch(d -> d.contains("T22000129"));

        // one instance per application, never two
        var items = json.readTree(mvc.perform(get("/api/operations/process-instances")
                        .param("processId", LoanProcess.PROCESS_ID).param("limit", "499").with(OPERATOR))
                .andReturn().getResponse().getContentAsString()).get("items");
        assertThat(items.findValuesAsText("processInstanceKey")).doesNotHaveDuplicates().hasSizeGreaterThanOrEqualTo(4);
    }
}
