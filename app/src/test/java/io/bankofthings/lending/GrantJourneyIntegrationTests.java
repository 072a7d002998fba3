package io.bankofthings.lending;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.anonymous;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
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
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.JwtRequestPostProcessor;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/**
 * The whole application on its embedded defaults: an owner registers a car, grants it a scope, the authorization-grant
 * process authorizes it, the car pays with its own credential and is refused beyond its limit. Needs the identity
 * module's JWT chain for people (tokens from spring-security-test's {@code jwt()}).
 */
@SpringBootTest
@AutoConfigureMockMvc
class GrantJourneyIntegrationTests {

    @DynamicPropertySource
    static void embeddedDefaults(DynamicPropertyRegistry registry) {
        EmbeddedDefaultsSupport.register(registry);
        registry.add("lending.grants.start-retry-interval", () -> "PT1S");
    }

    @Autowired MockMvc mvc;
    @Autowired ObjectMapper json;
    @Autowired Ledger ledger;

    private static JwtRequestPostProcessor owner(String subject) {
        return jwt().jwt(j -> j.subject(subject).claim("preferred_username", subject))
                .authorities(new SimpleGrantedAuthority("ROLE_borrower"));
    }

    private JsonNode body(ResultActions result) throws Exception {
        return json.readTree(result.andReturn().getResponse().getContentAsString());
    }

    private ResultActions pay(String thingId, String credential, String key, long amountMinor) throws Exception {
        return mvc.perform(post("/api/things/{thingId}/payments", thingId).with(anonymous())
                .header("Authorization", "Thing " + credential)
                .header("Idempotency-Key", key)
                .contentType(MediaType.APPLICATION_JSON)
                .content("""
                        {"amountMinor": %d, "currency": "EUR", "counterparty": "ionity-berlin", "merchantCategory": "5541"}
                        """.formatted(amountMinor)));
    }

    @Test
    void ownerRegistersACarGrantsItAScopeAndTheCarPaysUntilItsLimit() throws Exception {
        var uma = owner("uma-subject");
        var thing = body(mvc.perform(post("/api/things").with(uma).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"ownerType\": \"PERSON\", \"kind\": \"VEHICLE\", \"serial\": \"WVWZZZ1KZAW000042\"}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.thingId").value("thing:person:vehicle:wvwzzz1kzaw000042")));
        String thingId = thing.get("thingId").asText();
        String credential = thing.get("credential").asText();

        var grant = body(mvc.perform(post("/api/things/{thingId}/grants", thingId).with(uma)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"currency": "EUR", "allowedCounterparties": ["ionity-berlin"],
                                 "maxPerTransactionMinor": 5000, "dailyLimitMinor": 8000, "monthlyLimitMinor": 40000,
                                 "validUntil": "%s"}
                                """.formatted(Instant.now().plus(Duration.ofDays(30)))))
                .andExpect(status().isAccepted()));
        String grantId = grant.get("grantId").asText();

        Instant deadline = Instant.now().plusSeconds(90);
        String state;
        do {
            Thread.sleep(100);
            state = body(mvc.perform(get("/api/grants/{id}", grantId).with(uma)).andExpect(status().isOk()))
                    .get("state").asText();
            assertThat(Instant.now()).as("grant %s still %s", grantId, state).isBefore(deadline);
        } while (!state.equals("AUTHORIZED"));

        pay(thingId, credential, "charge-1", 5_000).andExpect(status().isCreated())
                .andExpect(jsonPath("$.result").value("AUTHORIZED"));
        pay(thingId, credential, "charge-1", 5_000).andExpect(status().isCreated())
                .andExpect(header().string("Idempotent-Replayed", "true"));
        pay(thingId, credential, "charge-2", 5_000).andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.refusalRule").value("DAILY_LIMIT"))
                .andExpect(jsonPath("$.refusalDetail").value("5000 would exceed the daily limit of 8000 EUR: 3000 left"));
        pay(thingId, "tsk_not-the-credential", "charge-3", 100).andExpect(status().isUnauthorized());

        mvc.perform(get("/api/grants/{id}", grantId).with(uma))
                .andExpect(jsonPath("$.remaining.DAY.amountMinor").value(3_000))
                .andExpect(jsonPath("$.payments.length()").value(2));
        mvc.perform(get("/api/grants/{id}", grantId).with(owner("someone-else"))).andExpect(status().isNotFound());
        mvc.perform(get("/api/grants/notifications").with(uma))
                .andExpect(jsonPath("$[0].kind").value("OVER_LIMIT"))
                .andExpect(jsonPath("$[0].rule").value("DAILY_LIMIT"));
        assertThat(ledger.transactionsFor(grantId)).hasSize(1);
        assertThat(ledger.balanceOf(Accounts.customerAccount("uma-subject"))).containsEntry("EUR", 5_000L);
        assertThat(ledger.balanceOf(Accounts.thingAccount(thingId))).containsEntry("EUR", 0L);
        assertThat(ledger.trialBalance().values()).allMatch(net -> net == 0L);
    }
}
