package io.bankofthings.lending;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.oidcLogin;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bankofthings.lending.ledger.Accounts;
import io.bankofthings.lending.ledger.Ledger;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.oidc.user.OidcUserAuthority;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.JwtRequestPostProcessor;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The whole application on its embedded defaults (in-process Zeebe, embedded PostgreSQL, S3Proxy, Artemis MQTT):
 * a borrower applies through the API and the page, the process scores, decides and disburses through the ledger.
 * Tokens are made by Spring Security's test support; the real Keycloak is exercised by the *IT tests.
 */
@SpringBootTest
@AutoConfigureMockMvc
class LoanJourneyIntegrationTests {

    @DynamicPropertySource
    static void embeddedDefaults(DynamicPropertyRegistry registry) {
        EmbeddedDefaultsSupport.register(registry);
    }

    @Autowired MockMvc mvc;
    @Autowired ObjectMapper json;
    @Autowired Ledger ledger;

    private static JwtRequestPostProcessor borrower(String subject) {
        return jwt().jwt(j -> j.subject(subject).claim("preferred_username", subject))
                .authorities(new SimpleGrantedAuthority("ROLE_borrower"));
    }

    private static String application(long amountMinor, long collateralValueMinor, String deviceId) {
        return """
                {"amountMinor": %d, "currency": "EUR", "termMonths": 24, "purpose": "new press",
                 "collateral": [{"kind": "EQUIPMENT", "description": "Hydraulic press", "declaredValueMinor": %d, "deviceId": "%s"}]}
                """.formatted(amountMinor, collateralValueMinor, deviceId);
    }

    private JsonNode awaitFinal(String loanId, JwtRequestPostProcessor who) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (true) {
            var body = mvc.perform(get("/api/loan-applications/{id}", loanId).with(who))
                    .andExpect(status().isOk())
                    .andReturn().getResponse().getContentAsString();
            var node = json.readTree(body);
            String status = node.get("status").asText();
            if (status.equals("DISBURSED") || status.equals("REJECTED") || status.equals("REFERRED")) {
                return node;
            }
            assertThat(Instant.now()).as("loan %s still %s", loanId, status).isBefore(deadline);
            Thread.sleep(100);
        }
    }

    @Test
    void borrowerGetsAGoodLoanDisbursedOnceWithBalancedLedger() throws Exception {
        var bob = borrower("bob-subject");
        var created = mvc.perform(post("/api/loan-applications").with(bob)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(application(1_000_000, 5_000_000, "press-001")))
                .andExpect(status().isAccepted())
                .andExpect(header().string("Location", org.hamcrest.Matchers.startsWith("/api/loan-applications/L-")))
                .andExpect(jsonPath("$.status").value("SUBMITTED"))
                .andReturn().getResponse().getContentAsString();
        String loanId = json.readTree(created).get("loanId").asText();

        var decided = awaitFinal(loanId, bob);

        assertThat(decided.get("status").asText()).isEqualTo("DISBURSED");
        assertThat(decided.get("decision").asText()).isEqualTo("APPROVE");
        assertThat(decided.get("score").asInt()).isBetween(650, 1000);
        assertThat(decided.get("scoreFactors").properties()).extracting(java.util.Map.Entry::getKey)
                .containsExactlyInAnyOrder("subjectCredit", "transactionCredit", "entityCredit");
        assertThat(ledger.transactionsFor(loanId)).hasSize(1);
        assertThat(ledger.balanceOf(Accounts.loanReceivable(loanId))).containsEntry("EUR", 1_000_000L);
        assertThat(ledger.trialBalance().values()).allMatch(net -> net == 0L);

        var history = json.readTree(mvc.perform(get("/api/loan-applications/{id}/history", loanId).with(bob))
                .andReturn().getResponse().getContentAsString());
        assertThat(history.findValuesAsText("status")).containsExactly("SUBMITTED", "SCORED", "APPROVED", "DISBURSED");
    }

    @Test
    void loanAboveEightyPercentOfCollateralIsRejectedAndNeverPaid() throws Exception {
        var carol = borrower("carol-subject");
        var created = mvc.perform(post("/api/loan-applications").with(carol)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(application(900_000, 1_000_000, "van-77")))
                .andExpect(status().isAccepted())
                .andReturn().getResponse().getContentAsString();
        String loanId = json.readTree(created).get("loanId").asText();

        var decided = awaitFinal(loanId, carol);

        assertThat(decided.get("status").asText()).isEqualTo("REJECTED");
        assertThat(decided.get("decisionReason").asText()).isEqualTo("loan to value above 80%");
        assertThat(ledger.transactionsFor(loanId)).isEmpty();
    }

    @Test
    void anotherBorrowerCannotSeeTheApplicationButStaffCan() throws Exception {
        var created = mvc.perform(post("/api/loan-applications").with(borrower("owner-subject"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(application(100_000, 1_000_000, "dev-9")))
                .andReturn().getResponse().getContentAsString();
        String loanId = json.readTree(created).get("loanId").asText();

        mvc.perform(get("/api/loan-applications/{id}", loanId).with(borrower("someone-else")))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/loan-applications/{id}", loanId)
                        .with(jwt().authorities(new SimpleGrantedAuthority("ROLE_operator"))))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.loanId").value(loanId));
        mvc.perform(get("/api/loan-applications/{id}", loanId)).andExpect(status().isUnauthorized());
    }

    @Test
    void invalidApplicationsAreRefusedFieldByFieldAndNothingIsStored() throws Exception {
        var dave = borrower("dave-subject");
        mvc.perform(post("/api/loan-applications").with(dave)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"amountMinor": -5, "currency": "euro", "termMonths": 0,
                                 "collateral": [{"kind": "EQUIPMENT", "description": "", "declaredValueMinor": 0, "deviceId": "bad id!"}]}
                                """))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.containsInAnyOrder(
                        "amountMinor", "currency", "termMonths", "collateral[0].description",
                        "collateral[0].declaredValueMinor", "collateral[0].deviceId")));
        mvc.perform(post("/api/loan-applications").with(dave)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"amountMinor\": \"lots\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("amountMinor"));
        mvc.perform(post("/api/loan-applications").with(dave)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{not json"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("The request body is not valid JSON"));
        mvc.perform(post("/api/loan-applications")
                        .with(jwt().authorities(new SimpleGrantedAuthority("ROLE_analyst")))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(application(100_000, 1_000_000, "dev-1")))
                .andExpect(status().isForbidden());

        mvc.perform(get("/api/loan-applications").with(dave))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(0));
    }

    @Test
    void borrowerAppliesThroughThePageAndFollowsTheTimeline() throws Exception {
        var page = oidcLogin()
                .idToken(t -> t.subject("erin-subject").claim("preferred_username", "erin"))
                .authorities(new OidcUserAuthority(org.springframework.security.oauth2.core.oidc.OidcIdToken
                                .withTokenValue("t").subject("erin-subject").claim("preferred_username", "erin").build()),
                        new SimpleGrantedAuthority("ROLE_borrower"));

        mvc.perform(post("/loans").with(page).with(csrf())
                        .param("amount", "abc").param("currency", "EUR").param("termMonths", "24")
                        .param("collateralKind", "VEHICLE").param("collateralDescription", "Delivery van")
                        .param("collateralValue", "40000.00").param("deviceId", "van-1"))
                .andExpect(status().isOk())
                .andExpect(result -> assertThat(result.getResponse().getContentAsString())
                        .contains("must be positive, was -1"));

        var redirect = mvc.perform(post("/loans").with(page).with(csrf())
                        .param("amount", "10000.00").param("currency", "EUR").param("termMonths", "24")
                        .param("collateralKind", "VEHICLE").param("collateralDescription", "Delivery van")
                        .param("collateralValue", "40000.00").param("deviceId", "van-1"))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrlPattern("/loans/L-*"))
                .andReturn().getResponse().getRedirectedUrl();

        String loanId = redirect.substring("/loans/".length());
        awaitFinal(loanId, borrower("erin-subject"));
        var detail = mvc.perform(get(redirect).with(page)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(detail).contains(loanId).contains("DISBURSED").contains("Delivery van");
        var list = mvc.perform(get("/").with(page)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(list).contains(loanId);
    }
}
