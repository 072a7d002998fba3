package io.bankofthings.lending;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.oidcLogin;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bankofthings.lending.collateral.DeviceRegistry;
import io.bankofthings.lending.ledger.Ledger;
import io.bankofthings.lending.loan.DeviceType;
import io.bankofthings.lending.storage.TelemetryParquetWriter;
import io.bankofthings.lending.loan.LoanApplications;
import io.bankofthings.lending.web.audit.AuditEvent;
import io.bankofthings.lending.web.audit.AuditLog;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.OidcUserAuthority;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.JwtRequestPostProcessor;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The underwriter task list on the whole application: a large loan is referred by the decision table, appears in the
 * queue, and the underwriter's decision completes the job-based user task so the process records it and disburses or
 * ends. Decisions are validated, audited, and cannot be made twice.
 */
@SpringBootTest
@AutoConfigureMockMvc
class UnderwritingIntegrationTests {

    @DynamicPropertySource
    static void embeddedDefaults(DynamicPropertyRegistry registry) {
        EmbeddedDefaultsSupport.register(registry);
    }

    @Autowired MockMvc mvc;
    @Autowired ObjectMapper json;
    @Autowired AuditLog audit;
    @Autowired Ledger ledger;
    @Autowired LoanApplications applications;
    @Autowired DeviceRegistry devices;
    @Autowired TelemetryParquetWriter telemetry;

    static JwtRequestPostProcessor user(String name, String role) {
        return jwt().jwt(j -> j.subject(name + "-subject").claim("preferred_username", name))
                .authorities(new SimpleGrantedAuthority("ROLE_" + role));
    }

    static final JwtRequestPostProcessor BOB = user("bob", "borrower");
    static final JwtRequestPostProcessor UMA = user("uma", "underwriter");

    JsonNode body(org.springframework.test.web.servlet.ResultActions actions) throws Exception {
        return json.readTree(actions.andReturn().getResponse().getContentAsString());
    }

    /**
     * 300,000.00 EUR is a large loan (subject credit 250) and the harvester's tracker has reported for 3 days only
     * (entity credit 193): the score of 593 makes the decision table refer it.
     */
    String referredLoan(String deviceId) throws Exception {
        String device = deviceId + "-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        LoanTestData.onlineDevice(devices, telemetry, device, DeviceType.GPS_TRACKER, 72);
        var created = body(mvc.perform(post("/api/loan-applications").with(BOB).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(LoanTestData.application(30_000_000, 48, "ANNUITY", "VEHICLE", 90_000_000, "VIN-" + device,
                                device, "GPS_TRACKER")))
                .andExpect(status().isAccepted()));
        String loanId = created.get("loanId").asText();
        assertThat(await(loanId, Set.of("REFERRED"))).isEqualTo("REFERRED");
        return loanId;
    }

    String await(String loanId, Set<String> states) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        String state;
        do {
            Thread.sleep(100);
            state = body(mvc.perform(get("/api/loan-applications/{id}", loanId).with(BOB))).get("status").asText();
        } while (!states.contains(state) && Instant.now().isBefore(deadline));
        return state;
    }

    @Test
    void underwriterApprovesAReferredApplicationAndItIsDisbursedOnce() throws Exception {
        String first = referredLoan("harvester-1");
        String second = referredLoan("harvester-2");

        mvc.perform(get("/api/underwriting/tasks").with(UMA))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[*].loanId").value(Matchers.hasItems(first, second)))
                .andExpect(jsonPath("$[?(@.loanId == '%s')].scoreFactors.entityCredit", first).value(Matchers.contains(193)));

        mvc.perform(post("/api/underwriting/tasks/{id}/decision", second).with(UMA).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"outcome\": \"MAYBE\", \"reason\": \" \"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field").value(Matchers.containsInAnyOrder("outcome", "reason")));

        // deciding the second leaves the first one's task open
        mvc.perform(post("/api/underwriting/tasks/{id}/decision", second).with(UMA).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"outcome\": \"APPROVE\", \"reason\": \"harvester inspected, telemetry plausible\"}"))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.decidedBy").value("uma"));
        assertThat(await(second, Set.of("OFFERED", "REJECTED"))).isEqualTo("OFFERED");
        mvc.perform(post("/api/loan-applications/{id}/offer/accept", second).with(BOB)).andExpect(status().isAccepted());
        assertThat(await(second, Set.of("DISBURSED"))).isEqualTo("DISBURSED");
        assertThat(ledger.transactionsFor(second)).hasSize(1);

        var read = body(mvc.perform(get("/api/loan-applications/{id}", second).with(BOB)));
        assertThat(read.get("decision").asText()).isEqualTo("APPROVE");
        assertThat(read.get("approvedAmountMinor").asLong()).as("the request, within the lending limit").isEqualTo(30_000_000L);
        assertThat(read.get("decisionReason").asText()).isEqualTo("harvester inspected, telemetry plausible");
        var history = body(mvc.perform(get("/api/loan-applications/{id}/history", second).with(BOB)));
        assertThat(history.findValuesAsText("actor")).contains("uma");

        mvc.perform(post("/api/underwriting/tasks/{id}/decision", second).with(UMA).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"outcome\": \"REJECT\", \"reason\": \"changed my mind\"}"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value("Application " + second + " is DISBURSED, not waiting for an underwriter"));

        assertThat(audit.about("LOAN", second))
                .extracting(AuditEvent::actor, AuditEvent::action, AuditEvent::outcome)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("uma", "UNDERWRITER_DECISION", AuditEvent.DONE),
                        org.assertj.core.groups.Tuple.tuple("uma", "UNDERWRITER_DECISION", AuditEvent.REFUSED));
        assertThat(audit.about("LOAN", second).get(0).processInstanceKey())
                .isEqualTo(applications.find(second).orElseThrow().processInstanceKey());

        // the first one's task is still there to decide
        mvc.perform(post("/api/underwriting/tasks/{id}/decision", first).with(UMA).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"outcome\": \"REJECT\", \"reason\": \"collateral overvalued\"}"))
                .andExpect(status().isAccepted());
        assertThat(await(first, Set.of("DISBURSED", "REJECTED"))).isEqualTo("REJECTED");
        assertThat(ledger.transactionsFor(first)).isEmpty();
    }

    @Test
    void underwriterRejectsThroughTheDecisionForm() throws Exception {
        String loanId = referredLoan("harvester-3");
        var page = oidcLogin()
                .idToken(t -> t.subject("uma-subject").claim("preferred_username", "uma"))
                .authorities(new OidcUserAuthority(OidcIdToken.withTokenValue("t").subject("uma-subject")
                                .claim("preferred_username", "uma").build()),
                        new SimpleGrantedAuthority("ROLE_underwriter"));

        String queue = mvc.perform(get("/underwriting").with(page)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(queue).contains(loanId).contains("Referred applications");
        String form = mvc.perform(get("/underwriting/{id}", loanId).with(page)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(form).contains("VIN-harvester-3").contains("entityCredit").contains("593").contains("33.3%").contains("573,750.00");

        String invalid = mvc.perform(post("/underwriting/{id}", loanId).with(page).with(csrf()).param("reason", "no"))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(invalid).contains("Outcome must be APPROVE or REJECT, was null").contains("Reason must be 3 to 500 characters, was 2");

        mvc.perform(post("/underwriting/{id}", loanId).with(page).with(csrf())
                        .param("outcome", "REJECT").param("reason", "device offline for months"))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/underwriting"));
        assertThat(await(loanId, Set.of("DISBURSED", "REJECTED"))).isEqualTo("REJECTED");
    }

    @Test
    void onlyUnderwritersDecide() throws Exception {
        mvc.perform(get("/api/underwriting/tasks").with(BOB)).andExpect(status().isForbidden());
        mvc.perform(post("/api/underwriting/tasks/{id}/decision", "L-1").with(user("anna", "analyst")).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"outcome\": \"APPROVE\", \"reason\": \"fine\"}"))
                .andExpect(status().isForbidden());
        mvc.perform(get("/api/underwriting/tasks")).andExpect(status().isUnauthorized());
    }
}
