package io.bankofthings.lending;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bankofthings.lending.web.audit.AuditEvent;
import io.bankofthings.lending.web.audit.AuditLog;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.JwtRequestPostProcessor;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The analyst modeler on the whole application (in-process Zeebe, embedded PostgreSQL): models are listed, edited,
 * saved as versions, checked, deployed to the engine as new versions, and invalid models are refused with a clear
 * problem while loans keep running on the deployed version. Every save and deploy is audited.
 */
@SpringBootTest
@AutoConfigureMockMvc
class ModelerIntegrationTests {

    static final String LOAN_MODEL = "chattel-mortgage-loan.bpmn";

    @DynamicPropertySource
    static void embeddedDefaults(DynamicPropertyRegistry registry) {
        EmbeddedDefaultsSupport.register(registry);
        registry.add("lending.modeler.max-model-bytes", () -> 200_000);
    }

    @Autowired MockMvc mvc;
    @Autowired ObjectMapper json;
    @Autowired AuditLog audit;

    static JwtRequestPostProcessor user(String name, String role) {
        return jwt().jwt(j -> j.subject(name + "-subject").claim("preferred_username", name))
                .authorities(new SimpleGrantedAuthority("ROLE_" + role));
    }

    static final JwtRequestPostProcessor ANNA = user("anna", "analyst");

    static String shipped(String file) {
        try (InputStream in = ModelerIntegrationTests.class.getResourceAsStream("/models/" + file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    JsonNode body(org.springframework.test.web.servlet.ResultActions actions) throws Exception {
        return json.readTree(actions.andReturn().getResponse().getContentAsString());
    }

    JsonNode deploy(String model, int expectedStatus) throws Exception {
        return body(mvc.perform(post("/api/models/{name}/deployments", model).with(ANNA).with(csrf()))
                .andExpect(status().is(expectedStatus)));
    }

    @Test
    void analystRenamesATaskChecksDeploysAndTheEngineHasANewVersion() throws Exception {
        mvc.perform(get("/api/models").with(ANNA))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[*].name").value(Matchers.hasItems(LOAN_MODEL, "loan-decision.dmn")));

        var opened = body(mvc.perform(get("/api/models/{name}", LOAN_MODEL).with(ANNA)).andExpect(status().isOk()));
        String edited = opened.get("xml").asText().replace("name=\"Review referred application\"", "name=\"Review referred loan\"");
        assertThat(edited).contains("Review referred loan");

        mvc.perform(post("/api/models/{name}/check", LOAN_MODEL).with(ANNA).with(csrf())
                        .contentType(MediaType.APPLICATION_XML).content(edited))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.valid").value(true))
                .andExpect(jsonPath("$.findings.length()").value(0));

        var saved = body(mvc.perform(put("/api/models/{name}", LOAN_MODEL).with(ANNA).with(csrf())
                        .param("comment", "clearer task name")
                        .contentType(MediaType.APPLICATION_XML).content(edited))
                .andExpect(status().isCreated()));
        int version = saved.get("version").asInt();
        assertThat(saved.get("savedBy").asText()).isEqualTo("anna");

        var first = deploy(LOAN_MODEL, 201);
        assertThat(first.get("modelVersion").asInt()).isEqualTo(version);
        assertThat(first.get("resourceId").asText()).isEqualTo("chattel-mortgage-loan");
        assertThat(first.get("engineVersion").asInt()).as("start-up deployed version 1").isGreaterThanOrEqualTo(2);
        assertThat(first.get("deployedBy").asText()).isEqualTo("anna");

        mvc.perform(get("/api/models/{name}", LOAN_MODEL).with(ANNA))
                .andExpect(jsonPath("$.version").value(version))
                .andExpect(jsonPath("$.source").value("STORED"))
                .andExpect(jsonPath("$.xml").value(Matchers.containsString("Review referred loan")));
        mvc.perform(get("/api/models/{name}/deployments", LOAN_MODEL).with(ANNA))
                .andExpect(jsonPath("$[0].engineVersion").value(first.get("engineVersion").asInt()));

        assertThat(audit.about("MODEL", LOAN_MODEL))
                .filteredOn(e -> e.outcome().equals(AuditEvent.DONE))
                .extracting(AuditEvent::actor, AuditEvent::action)
                .contains(org.assertj.core.groups.Tuple.tuple("anna", "MODEL_SAVE"), org.assertj.core.groups.Tuple.tuple("anna", "MODEL_DEPLOY"));

        // a loan started now runs on the new version up to the offer (press-001 is a demo device)
        assertThat(applyAndAwait("press-001")).isEqualTo("OFFERED");
    }

    @Test
    void invalidModelsAreRefusedWithTheReasonAndNothingChanges() throws Exception {
        var before = body(mvc.perform(get("/api/models/{name}/versions", "loan-decision.dmn").with(ANNA)));
        String dmn = shipped("loan-decision.dmn");

        mvc.perform(put("/api/models/{name}", "loan-decision.dmn").with(ANNA).with(csrf())
                        .contentType(MediaType.APPLICATION_XML).content(dmn.substring(0, dmn.length() / 2)))
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.title").value("Invalid model"))
                .andExpect(jsonPath("$.detail").value(Matchers.startsWith("Model loan-decision.dmn has 1 error and was not saved: Not a valid DMN file")))
                .andExpect(jsonPath("$.findings[0].severity").value("ERROR"));

        mvc.perform(put("/api/models/{name}", "credit-limit.dmn").with(ANNA).with(csrf())
                        .contentType(MediaType.APPLICATION_XML).content(dmn))
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.detail").value(Matchers.containsString("must define the decision id 'credit-limit'")));

        String loan = shipped(LOAN_MODEL);
        mvc.perform(put("/api/models/{name}", LOAN_MODEL).with(ANNA).with(csrf())
                        .contentType(MediaType.APPLICATION_XML)
                        .content(loan.replace("<zeebe:taskDefinition type=\"score-applicant\" retries=\"3\" />", "")))
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.findings[*].elementId").value(Matchers.hasItem("ScoreApplicantTask")));

        mvc.perform(put("/api/models/{name}", LOAN_MODEL).with(ANNA).with(csrf())
                        .contentType(MediaType.APPLICATION_XML).content(loan + " ".repeat(200_000)))
                .andExpect(status().isPayloadTooLarge())
                .andExpect(jsonPath("$.detail").value(Matchers.matchesPattern(
                        "Model chattel-mortgage-loan.bpmn is \\d+ bytes; the limit is 200000 bytes")));

        mvc.perform(multipart("/api/models").file(new MockMultipartFile("file", "loan-decision.dmn", "application/xml",
                                "<definitions>not dmn".getBytes(StandardCharsets.UTF_8)))
                        .with(ANNA).with(csrf()))
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.model").value("loan-decision.dmn"));

        mvc.perform(put("/api/models/{name}", "Bad Name.bpmn").with(ANNA).with(csrf())
                        .contentType(MediaType.APPLICATION_XML).content(loan))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(Matchers.containsString("'Bad Name.bpmn' is not valid")));

        assertThat(body(mvc.perform(get("/api/models/{name}/versions", "loan-decision.dmn").with(ANNA)))).isEqualTo(before);
        assertThat(audit.about("MODEL", "loan-decision.dmn"))
                .filteredOn(e -> e.outcome().equals(AuditEvent.REFUSED))
                .extracting(AuditEvent::actor)
                .containsOnly("anna")
                .hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void modelTheEngineRefusesIsNotDeployedAndRunningLoansAreUnaffected() throws Exception {
        String loan = shipped(LOAN_MODEL);
        // valid for the design-time checks, but the condition is not a FEEL expression the engine accepts
        String broken = loan.replace("=decision.outcome = \"APPROVE\"", "=decision.outcome = = \"APPROVE\"");
        mvc.perform(put("/api/models/{name}", LOAN_MODEL).with(ANNA).with(csrf())
                        .contentType(MediaType.APPLICATION_XML).content(broken))
                .andExpect(status().isCreated());

        var refused = deploy(LOAN_MODEL, 422);
        assertThat(refused.get("detail").asText()).startsWith("The engine refused chattel-mortgage-loan.bpmn: ");
        assertThat(refused.get("findings").findValuesAsText("elementId")).contains("ApproveFlow");
        assertThat(audit.about("MODEL", LOAN_MODEL)).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("MODEL_DEPLOY");
            assertThat(e.outcome()).isEqualTo(AuditEvent.REFUSED);
            assertThat(e.detail().get("reason").toString()).contains("ApproveFlow");
        });

        assertThat(applyAndAwait("lathe-4711")).as("loans run on the deployed version").isEqualTo("OFFERED");

        mvc.perform(put("/api/models/{name}", LOAN_MODEL).with(ANNA).with(csrf())
                        .contentType(MediaType.APPLICATION_XML).content(loan.replace("Disburse loan", "Pay out loan")))
                .andExpect(status().isCreated());
        var lastGood = body(mvc.perform(get("/api/models/{name}/deployments", LOAN_MODEL).with(ANNA)));
        var deployed = deploy(LOAN_MODEL, 201);
        int previous = lastGood.isEmpty() ? 1 : lastGood.get(0).get("engineVersion").asInt();
        assertThat(deployed.get("engineVersion").asInt()).as("the refused deployment took no version").isEqualTo(previous + 1);
    }

    @Test
    void onlyAnalystsAndAdminsUseTheModeler() throws Exception {
        mvc.perform(get("/api/models").with(user("bob", "borrower"))).andExpect(status().isForbidden());
        mvc.perform(post("/api/models/{name}/deployments", LOAN_MODEL).with(user("uma", "underwriter")).with(csrf()))
                .andExpect(status().isForbidden());
        mvc.perform(get("/api/models").with(user("ada", "admin"))).andExpect(status().isOk());
        mvc.perform(get("/api/models")).andExpect(status().isUnauthorized());
    }

    /** Applies against a demo device (lending.collateral.seed-demo-devices) and waits until the loan is offered or rejected. */
    private String applyAndAwait(String deviceId) throws Exception {
        var bob = user("bob", "borrower");
        var created = body(mvc.perform(post("/api/loan-applications").with(bob).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(LoanTestData.application(1_000_000, 24, "ANNUITY", "EQUIPMENT", 5_000_000,
                                "SN-" + java.util.UUID.randomUUID(), deviceId, "EQUIPMENT_MONITOR")))
                .andExpect(status().isAccepted()));
        String loanId = created.get("loanId").asText();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        String state;
        do {
            Thread.sleep(100);
            state = body(mvc.perform(get("/api/loan-applications/{id}", loanId).with(bob))).get("status").asText();
        } while (!state.equals("OFFERED") && !state.equals("REJECTED") && Instant.now().isBefore(deadline));
        return state;
    }
}
