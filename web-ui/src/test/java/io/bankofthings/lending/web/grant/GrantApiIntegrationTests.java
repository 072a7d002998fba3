package io.bankofthings.lending.web.grant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.anonymous;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bankofthings.lending.ledger.Accounts;
import io.bankofthings.lending.ledger.Ledger;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
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
 * The things and grants API over HTTP with the real services, job workers, PostgreSQL and Zeebe engine: owners with
 * JWTs, things with their own credential.
 */
@SpringBootTest(classes = GrantApiTestApplication.class)
@AutoConfigureMockMvc
class GrantApiIntegrationTests {

    @DynamicPropertySource
    static void engine(DynamicPropertyRegistry registry) {
        registry.add("test.zeebe.port", () -> GrantApiTestApplication.ZEEBE_PORT);
        registry.add("camunda.client.mode", () -> "self-managed");
        registry.add("camunda.client.prefer-rest-over-grpc", () -> "false");
        registry.add("camunda.client.grpc-address", () -> "http://127.0.0.1:" + GrantApiTestApplication.ZEEBE_PORT);
        registry.add("camunda.client.auth.method", () -> "none");
        registry.add("lending.grants.risk.burst-payments", () -> "20");
    }

    @Autowired MockMvc mvc;
    @Autowired ObjectMapper json;
    @Autowired Ledger ledger;

    private static JwtRequestPostProcessor owner(String subject) {
        return jwt().jwt(j -> j.subject(subject)).authorities(new SimpleGrantedAuthority("ROLE_borrower"));
    }

    private JsonNode body(ResultActions result) throws Exception {
        return json.readTree(result.andReturn().getResponse().getContentAsString());
    }

    private record Registered(String thingId, String credential) {}

    private Registered register(JwtRequestPostProcessor who, String kind) throws Exception {
        String serial = "SN-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        var registered = body(mvc.perform(post("/api/things").with(who).contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"ownerType": "PERSON", "kind": "%s", "serial": "%s", "displayName": "my %s"}
                                """.formatted(kind, serial, kind)))
                .andExpect(status().isCreated())
                .andExpect(header().string("Cache-Control", "no-store"))
                .andExpect(jsonPath("$.thingId").value("thing:person:" + kind.toLowerCase() + ":" + serial.toLowerCase()))
                .andExpect(jsonPath("$.credential").value(startsWith("tsk_"))));
        return new Registered(registered.get("thingId").asText(), registered.get("credential").asText());
    }

    private static String limits(long maxPerTransaction, long daily, long monthly, String counterparty) {
        return """
                {"currency": "EUR", "allowedCounterparties": ["%s"], "allowedMerchantCategories": ["5541"],
                 "maxPerTransactionMinor": %d, "dailyLimitMinor": %d, "monthlyLimitMinor": %d,
                 "validUntil": "%s"}
                """.formatted(counterparty, maxPerTransaction, daily, monthly,
                Instant.now().plus(Duration.ofDays(30)));
    }

    private String requestGrant(JwtRequestPostProcessor who, String thingId, String limits) throws Exception {
        var grant = body(mvc.perform(post("/api/things/{thingId}/grants", thingId).with(who)
                        .contentType(MediaType.APPLICATION_JSON).content(limits))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.state").value("REQUESTED")));
        return grant.get("grantId").asText();
    }

    private JsonNode awaitGrant(JwtRequestPostProcessor who, String grantId, String state, boolean awaitingConfirmation)
            throws Exception {
        Instant deadline = Instant.now().plusSeconds(20);
        while (true) {
            var grant = body(mvc.perform(get("/api/grants/{id}", grantId).with(who)).andExpect(status().isOk()));
            if (grant.get("state").asText().equals(state) && grant.get("awaitingConfirmation").asBoolean() == awaitingConfirmation) {
                return grant;
            }
            assertThat(Instant.now()).as("grant %s still %s", grantId, grant.get("state").asText()).isBefore(deadline);
            Thread.sleep(100);
        }
    }

    private ResultActions pay(Registered thing, String credential, String key, long amount, String counterparty)
            throws Exception {
        // anonymous(): like a real thing's request, it carries no person's login.
        return mvc.perform(post("/api/things/{thingId}/payments", thing.thingId()).with(anonymous())
                .header("Authorization", "Thing " + credential)
                .header("Idempotency-Key", key)
                .contentType(MediaType.APPLICATION_JSON)
                .content("""
                        {"amountMinor": %d, "currency": "EUR", "counterparty": "%s", "description": "charging"}
                        """.formatted(amount, counterparty)));
    }

    @Test
    void ownerRegistersAThingAndGrantsItAScopeInWhichItPaysOnce() throws Exception {
        String olgaId = "olga-" + UUID.randomUUID();
        var olga = owner(olgaId);
        var car = register(olga, "VEHICLE");
        String grantId = requestGrant(olga, car.thingId(), limits(2_000, 5_000, 30_000, "ionity-berlin"));
        awaitGrant(olga, grantId, "AUTHORIZED", false);

        var first = body(pay(car, car.credential(), "charge-0001", 1_500, "ionity-berlin")
                .andExpect(status().isCreated())
                .andExpect(header().string("Idempotent-Replayed", "false"))
                .andExpect(jsonPath("$.result").value("AUTHORIZED"))
                .andExpect(jsonPath("$.grantId").value(grantId)));
        pay(car, car.credential(), "charge-0001", 1_500, "ionity-berlin")
                .andExpect(status().isCreated())
                .andExpect(header().string("Idempotent-Replayed", "true"))
                .andExpect(jsonPath("$.paymentId").value(first.get("paymentId").asText()));
        pay(car, car.credential(), "charge-0002", 2_500, "ionity-berlin")
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.result").value("REFUSED"))
                .andExpect(jsonPath("$.refusalRule").value("PER_TRANSACTION_LIMIT"));
        pay(car, car.credential(), "charge-0001", 1_499, "ionity-berlin")
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(startsWith("Idempotency key charge-0001 was used for a different payment")));

        mvc.perform(get("/api/grants/{id}", grantId).with(olga))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.remaining.DAY.amountMinor").value(3_500))
                .andExpect(jsonPath("$.remaining.DAY.paymentCount").value(1))
                .andExpect(jsonPath("$.payments.length()").value(2))
                .andExpect(jsonPath("$.riskLevel").value("LOW"));
        mvc.perform(get("/api/grants").with(olga))
                .andExpect(jsonPath("$[0].grantId").value(grantId));
        assertThat(ledger.transactionsFor(grantId)).hasSize(1);
        assertThat(ledger.balanceOf(Accounts.customerAccount(olgaId))).containsEntry("EUR", 1_500L);
        mvc.perform(get("/api/grants/{id}/audit", grantId).with(olga))
                .andExpect(jsonPath("$[*].action").value(containsInAnyOrder("GRANT_REQUESTED", "RISK_ASSESSED", "ACTIVATED")));
        mvc.perform(get("/api/things/{id}/audit", car.thingId()).with(olga))
                .andExpect(jsonPath("$[0].action").value("THING_REGISTERED"));
    }

    @Test
    void onlyTheThingItselfPaysWithItsOwnCredential() throws Exception {
        var pia = owner("pia-" + UUID.randomUUID());
        var car = register(pia, "VEHICLE");
        var fridge = register(pia, "APPLIANCE");
        String grantId = requestGrant(pia, car.thingId(), limits(2_000, 5_000, 30_000, "ionity-berlin"));
        awaitGrant(pia, grantId, "AUTHORIZED", false);

        mvc.perform(post("/api/things/{thingId}/payments", car.thingId()).with(anonymous())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"idempotencyKey\": \"k1\", \"amountMinor\": 10, \"currency\": \"EUR\", \"counterparty\": \"ionity-berlin\"}"))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string("WWW-Authenticate", "Thing realm=\"things\""))
                .andExpect(jsonPath("$.detail").value(startsWith("Authenticate the thing")));
        pay(car, "tsk_wrong", "k2", 10, "ionity-berlin").andExpect(status().isUnauthorized());
        pay(car, fridge.credential(), "k3", 10, "ionity-berlin").andExpect(status().isUnauthorized());
        mvc.perform(post("/api/things/{thingId}/payments", car.thingId()).with(pia)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"idempotencyKey\": \"k4\", \"amountMinor\": 10, \"currency\": \"EUR\", \"counterparty\": \"ionity-berlin\"}"))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.detail").value("Only the thing itself may pay with its grant"));
        mvc.perform(get("/api/grants/{id}", grantId).with(pia)).andExpect(jsonPath("$.payments.length()").value(0));
        pay(car, car.credential(), "k5", 10, "ionity-berlin").andExpect(status().isCreated());
    }

    @Test
    void aBorrowerNeverSeesAnotherOwnersThingsOrGrants() throws Exception {
        var quinn = owner("quinn-" + UUID.randomUUID());
        var mallory = owner("mallory-" + UUID.randomUUID());
        var car = register(quinn, "VEHICLE");
        String grantId = requestGrant(quinn, car.thingId(), limits(2_000, 5_000, 30_000, "ionity-berlin"));

        mvc.perform(get("/api/things/{id}", car.thingId()).with(mallory)).andExpect(status().isNotFound());
        mvc.perform(get("/api/grants/{id}", grantId).with(mallory)).andExpect(status().isNotFound());
        mvc.perform(get("/api/grants/{id}/audit", grantId).with(mallory)).andExpect(status().isNotFound());
        mvc.perform(post("/api/grants/{id}/revocation", grantId).with(mallory)).andExpect(status().isNotFound());
        mvc.perform(post("/api/things/{thingId}/grants", car.thingId()).with(mallory)
                        .contentType(MediaType.APPLICATION_JSON).content(limits(1_000, 2_000, 20_000, "x")))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/grants").with(mallory)).andExpect(jsonPath("$.length()").value(0));
        mvc.perform(get("/api/things").with(mallory)).andExpect(jsonPath("$.length()").value(0));
        mvc.perform(get("/api/grants/{id}", grantId)).andExpect(status().isUnauthorized());
        mvc.perform(get("/api/grants/{id}", grantId).with(jwt().authorities(new SimpleGrantedAuthority("ROLE_analyst"))))
                .andExpect(status().isForbidden());
    }

    @Test
    void badInputIsRefusedFieldByFieldWithTheReason() throws Exception {
        var rita = owner("rita-" + UUID.randomUUID());
        mvc.perform(post("/api/things").with(rita).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"ownerType\": \"PERSON\", \"serial\": \"bad serial!\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field").value(containsInAnyOrder("kind", "serial")));
        mvc.perform(post("/api/things").with(rita).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"ownerType\": \"ROBOT\", \"kind\": \"VEHICLE\", \"serial\": \"a1\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("ownerType"));
        var car = register(rita, "VEHICLE");
        mvc.perform(post("/api/things/{thingId}/grants", car.thingId()).with(rita).contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"currency": "EUR", "maxPerTransactionMinor": 500, "dailyLimitMinor": 100,
                                 "validUntil": "2020-01-01T00:00:00Z"}
                                """))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field").value(containsInAnyOrder(
                        "allowedCounterparties", "dailyLimitMinor", "validUntil")));
        String grantId = requestGrant(rita, car.thingId(), limits(2_000, 5_000, 30_000, "ionity-berlin"));
        awaitGrant(rita, grantId, "AUTHORIZED", false);
        pay(car, car.credential(), "bad-1", -1, "ionity-berlin")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("amountMinor"))
                .andExpect(jsonPath("$.errors[0].message").value(startsWith("is required and must be positive")));
    }

    @Test
    void revocationRefusesTheNextPaymentAtOnce() throws Exception {
        var sam = owner("sam-" + UUID.randomUUID());
        var car = register(sam, "VEHICLE");
        String grantId = requestGrant(sam, car.thingId(), limits(2_000, 5_000, 30_000, "ionity-berlin"));
        awaitGrant(sam, grantId, "AUTHORIZED", false);
        pay(car, car.credential(), "r-1", 100, "ionity-berlin").andExpect(status().isCreated());

        mvc.perform(post("/api/grants/{id}/revocation", grantId).with(sam).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"reason\": \"car sold\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.state").value("REVOKED"));

        pay(car, car.credential(), "r-2", 100, "ionity-berlin")
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.refusalRule").value("GRANT_NOT_ACTIVE"));
        mvc.perform(put("/api/grants/{id}/limits", grantId).with(sam).contentType(MediaType.APPLICATION_JSON)
                        .content(limits(1_000, 2_000, 20_000, "ionity-berlin")))
                .andExpect(status().isConflict());
    }

    @Test
    void ownerConfirmsALargerGrantAndAnOutOfScopePaymentSuspendsItUntilResumed() throws Exception {
        var tom = owner("tom-" + UUID.randomUUID());
        var machine = register(tom, "MACHINE");
        String grantId = requestGrant(tom, machine.thingId(), limits(50_000, 100_000, 400_000, "steel-supplier-1"));
        awaitGrant(tom, grantId, "REQUESTED", true);

        mvc.perform(post("/api/grants/{id}/confirmation", grantId).with(tom).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"approve\": true, \"reason\": \"raw material\"}"))
                .andExpect(status().isAccepted());
        awaitGrant(tom, grantId, "AUTHORIZED", false);

        pay(machine, machine.credential(), "o-1", 100, "casino-9")
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.refusalRule").value("COUNTERPARTY_NOT_ALLOWED"));
        var suspended = awaitGrant(tom, grantId, "SUSPENDED", false);
        assertThat(suspended.get("stateReason").asText()).contains("OUT_OF_SCOPE");
        mvc.perform(get("/api/grants/notifications").with(tom))
                .andExpect(jsonPath("$[0].kind").value("OUT_OF_SCOPE"))
                .andExpect(jsonPath("$[0].grantId").value(grantId));
        pay(machine, machine.credential(), "o-2", 100, "steel-supplier-1").andExpect(status().isUnprocessableEntity());

        mvc.perform(post("/api/grants/{id}/resumption", grantId).with(tom)).andExpect(status().isAccepted());
        awaitGrant(tom, grantId, "AUTHORIZED", false);
        pay(machine, machine.credential(), "o-3", 40_000, "steel-supplier-1").andExpect(status().isCreated());
    }
}
