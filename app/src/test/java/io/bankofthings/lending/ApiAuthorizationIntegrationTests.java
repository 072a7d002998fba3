package io.bankofthings.lending;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.anonymous;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import io.bankofthings.lending.grant.ThingCredentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
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
 * The whole application on its embedded defaults, with the real security chains and method security: a borrower
 * can neither read nor change another borrower's loan, thing or grant (404, and nothing changes), every staff action
 * needs its role (403, and nothing changes), and the rate limits on applications and payments answer 429.
 */
@SpringBootTest
@AutoConfigureMockMvc
@ExtendWith(OutputCaptureExtension.class)
class ApiAuthorizationIntegrationTests {

    static final int APPLICATION_BURST = 3;
    static final int PAYMENT_BURST = 2;

    @DynamicPropertySource
    static void embeddedDefaults(DynamicPropertyRegistry registry) {
        EmbeddedDefaultsSupport.register(registry);
        registry.add("lending.grants.start-retry-interval", () -> "PT1S");
        registry.add("lending.rate-limits.applications.capacity", () -> APPLICATION_BURST);
        registry.add("lending.rate-limits.applications.refill-period", () -> "1h");
        registry.add("lending.rate-limits.payments.capacity", () -> PAYMENT_BURST);
        registry.add("lending.rate-limits.payments.refill-period", () -> "1h");
    }

    @Autowired MockMvc mvc;
    @Autowired ObjectMapper json;
    @Autowired MeterRegistry meters;
    @Autowired JdbcTemplate jdbc;

    static JwtRequestPostProcessor user(String subject, String role) {
        return jwt().jwt(j -> j.subject(subject).claim("preferred_username", subject))
                .authorities(new SimpleGrantedAuthority("ROLE_" + role));
    }

    static JwtRequestPostProcessor borrower(String subject) {
        return user(subject, "borrower");
    }

    static String unique(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private JsonNode body(ResultActions result) throws Exception {
        return json.readTree(result.andReturn().getResponse().getContentAsString());
    }

    /** A valid application with its own asset and device, so no two claim the same collateral. */
    private static String application() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        return LoanTestData.application(1_000_000, 24, "ANNUITY", "EQUIPMENT", 5_000_000, "PRESS-" + suffix,
                "press-" + suffix, "EQUIPMENT_MONITOR");
    }

    private String submitLoan(JwtRequestPostProcessor who) throws Exception {
        return body(mvc.perform(post("/api/loan-applications").with(who)
                        .contentType(MediaType.APPLICATION_JSON).content(application()))
                .andExpect(status().isAccepted())).get("loanId").asText();
    }

    private JsonNode awaitLoanSettled(String loanId, JwtRequestPostProcessor who) throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        while (true) {
            var loan = body(mvc.perform(get("/api/loan-applications/{id}", loanId).with(who)).andExpect(status().isOk()));
            String state = loan.get("status").asText();
            if (state.equals("OFFERED") || state.equals("REJECTED") || state.equals("REFERRED")) {
                return loan;
            }
            assertThat(Instant.now()).as("loan %s still %s", loanId, state).isBefore(deadline);
            Thread.sleep(100);
        }
    }

    private record Thing(String thingId, String credential) {}

    private Thing registerThing(JwtRequestPostProcessor who) throws Exception {
        String serial = unique("SN").toUpperCase();
        var thing = body(mvc.perform(post("/api/things").with(who).contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"ownerType": "PERSON", "kind": "VEHICLE", "serial": "%s", "displayName": "my car"}
                                """.formatted(serial)))
                .andExpect(status().isCreated()));
        return new Thing(thing.get("thingId").asText(), thing.get("credential").asText());
    }

    private static String limits(long daily) {
        return """
                {"currency": "EUR", "allowedCounterparties": ["ionity-berlin"], "allowedMerchantCategories": ["5541"],
                 "maxPerTransactionMinor": 2000, "dailyLimitMinor": %d, "monthlyLimitMinor": 30000, "validUntil": "%s"}
                """.formatted(daily, Instant.now().plus(Duration.ofDays(30)));
    }

    private String authorizedGrant(JwtRequestPostProcessor who, String thingId) throws Exception {
        String grantId = body(mvc.perform(post("/api/things/{id}/grants", thingId).with(who)
                        .contentType(MediaType.APPLICATION_JSON).content(limits(5_000)))
                .andExpect(status().isAccepted())).get("grantId").asText();
        Instant deadline = Instant.now().plusSeconds(60);
        while (true) {
            var grant = body(mvc.perform(get("/api/grants/{id}", grantId).with(who)).andExpect(status().isOk()));
            if (grant.get("state").asText().equals("AUTHORIZED")) {
                return grantId;
            }
            assertThat(Instant.now()).as("grant %s still %s", grantId, grant.get("state")).isBefore(deadline);
            Thread.sleep(100);
        }
    }

    private ResultActions pay(Thing thing, String key) throws Exception {
        return mvc.perform(post("/api/things/{id}/payments", thing.thingId()).with(anonymous())
                .header("Authorization", "Thing " + thing.credential())
                .header("Idempotency-Key", key)
                .contentType(MediaType.APPLICATION_JSON)
                .content("""
                        {"amountMinor": 500, "currency": "EUR", "counterparty": "ionity-berlin", "description": "charging"}
                        """));
    }

    @Test
    void borrowerCannotReadAnotherBorrowersLoan() throws Exception {
        var bob = borrower(unique("bob"));
        var carol = borrower(unique("carol"));
        String loanId = submitLoan(bob);
        var before = awaitLoanSettled(loanId, bob);

        mvc.perform(get("/api/loan-applications/{id}", loanId).with(carol))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(404));
        mvc.perform(get("/api/loan-applications/{id}/history", loanId).with(carol)).andExpect(status().isNotFound());
        mvc.perform(get("/api/loan-applications").with(carol))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(0));
        mvc.perform(get("/api/loan-applications/{id}", loanId)).andExpect(status().isUnauthorized());

        var after = body(mvc.perform(get("/api/loan-applications/{id}", loanId).with(bob)).andExpect(status().isOk()));
        assertThat(after).isEqualTo(before);
        // staff read every application
        mvc.perform(get("/api/loan-applications/{id}", loanId).with(user("uma", "underwriter"))).andExpect(status().isOk());
    }

    @Test
    void borrowerCannotReadOrChangeAnotherBorrowersThingOrGrant() throws Exception {
        var bob = borrower(unique("bob"));
        var carol = borrower(unique("carol"));
        var car = registerThing(bob);
        String grantId = authorizedGrant(bob, car.thingId());
        var grantBefore = body(mvc.perform(get("/api/grants/{id}", grantId).with(bob)));
        var trailBefore = body(mvc.perform(get("/api/grants/{id}/audit", grantId).with(bob)));

        mvc.perform(get("/api/things/{id}", car.thingId()).with(carol)).andExpect(status().isNotFound());
        mvc.perform(get("/api/things/{id}/audit", car.thingId()).with(carol)).andExpect(status().isNotFound());
        mvc.perform(post("/api/things/{id}/grants", car.thingId()).with(carol)
                        .contentType(MediaType.APPLICATION_JSON).content(limits(10_000)))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/grants/{id}", grantId).with(carol)).andExpect(status().isNotFound());
        mvc.perform(get("/api/grants/{id}/audit", grantId).with(carol)).andExpect(status().isNotFound());
        mvc.perform(put("/api/grants/{id}/limits", grantId).with(carol)
                        .contentType(MediaType.APPLICATION_JSON).content(limits(10_000)))
                .andExpect(status().isNotFound());
        mvc.perform(post("/api/grants/{id}/revocation", grantId).with(carol)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"reason\": \"mine now\"}"))
                .andExpect(status().isNotFound());
        mvc.perform(post("/api/grants/{id}/confirmation", grantId).with(carol)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"approve\": true}"))
                .andExpect(status().isNotFound());
        mvc.perform(post("/api/grants/{id}/resumption", grantId).with(carol)).andExpect(status().isNotFound());
        mvc.perform(get("/api/things").with(carol)).andExpect(jsonPath("$.length()").value(0));
        mvc.perform(get("/api/grants").with(carol)).andExpect(jsonPath("$.length()").value(0));
        // a person never pays for a thing: the payments chain takes only the thing's own credential (a bearer
        // token is not even read there: 401; an authenticated person without the thing role: 403)
        mvc.perform(post("/api/things/{id}/payments", car.thingId()).with(anonymous())
                        .header("Authorization", "Bearer carols-token")
                        .header("Idempotency-Key", "carol-0").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"amountMinor\": 500, \"currency\": \"EUR\", \"counterparty\": \"ionity-berlin\"}"))
                .andExpect(status().isUnauthorized());
        mvc.perform(post("/api/things/{id}/payments", car.thingId()).with(carol)
                        .header("Idempotency-Key", "carol-1").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"amountMinor\": 500, \"currency\": \"EUR\", \"counterparty\": \"ionity-berlin\"}"))
                .andExpect(status().isForbidden());
        var otherThing = registerThing(carol);
        mvc.perform(post("/api/things/{id}/payments", car.thingId()).with(anonymous())
                        .header("Authorization", "Thing " + otherThing.credential())
                        .header("Idempotency-Key", "carol-2").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"amountMinor\": 500, \"currency\": \"EUR\", \"counterparty\": \"ionity-berlin\"}"))
                .andExpect(status().isUnauthorized());

        var grantAfter = body(mvc.perform(get("/api/grants/{id}", grantId).with(bob)));
        assertThat(grantAfter).isEqualTo(grantBefore);
        assertThat(grantAfter.get("payments")).isEmpty();
        assertThat(body(mvc.perform(get("/api/grants/{id}/audit", grantId).with(bob)))).isEqualTo(trailBefore);
    }

    @Test
    void staffActionsNeedTheirRole() throws Exception {
        var analyst = user(unique("anna"), "analyst");
        var underwriter = user(unique("uma"), "underwriter");
        var operator = user(unique("otto"), "operator");
        var bob = borrower(unique("bob"));
        String model = "loan-decision.dmn";
        var deploymentsBefore = body(mvc.perform(get("/api/models/{name}/deployments", model).with(analyst))
                .andExpect(status().isOk()));
        var versionsBefore = body(mvc.perform(get("/api/models/{name}/versions", model).with(analyst))
                .andExpect(status().isOk()));

        for (var notAnalyst : new JwtRequestPostProcessor[] {bob, underwriter, operator}) {
            mvc.perform(post("/api/models/{name}/deployments", model).with(notAnalyst))
                    .andExpect(status().isForbidden())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.detail").value("Your roles do not allow this request."));
            mvc.perform(put("/api/models/{name}", model).with(notAnalyst)
                            .contentType(MediaType.APPLICATION_XML).content("<definitions/>"))
                    .andExpect(status().isForbidden());
            mvc.perform(get("/api/models").with(notAnalyst)).andExpect(status().isForbidden());
        }
        assertThat(body(mvc.perform(get("/api/models/{name}/deployments", model).with(analyst))))
                .isEqualTo(deploymentsBefore);
        assertThat(body(mvc.perform(get("/api/models/{name}/versions", model).with(analyst))))
                .isEqualTo(versionsBefore);

        String loanId = submitLoan(bob);
        var loanBefore = awaitLoanSettled(loanId, bob);
        var historyBefore = body(mvc.perform(get("/api/loan-applications/{id}/history", loanId).with(bob)));
        for (var notUnderwriter : new JwtRequestPostProcessor[] {bob, analyst, operator}) {
            mvc.perform(post("/api/underwriting/tasks/{id}/decision", loanId).with(notUnderwriter)
                            .contentType(MediaType.APPLICATION_JSON)
                            .content("{\"outcome\": \"APPROVE\", \"reason\": \"looks fine to me\"}"))
                    .andExpect(status().isForbidden());
            mvc.perform(get("/api/underwriting/tasks").with(notUnderwriter)).andExpect(status().isForbidden());
        }
        mvc.perform(get("/api/underwriting/tasks").with(underwriter)).andExpect(status().isOk());
        assertThat(body(mvc.perform(get("/api/loan-applications/{id}", loanId).with(bob)))).isEqualTo(loanBefore);
        assertThat(body(mvc.perform(get("/api/loan-applications/{id}/history", loanId).with(bob))))
                .isEqualTo(historyBefore);

        // the device registry is the operators' (and admins')
        String device = unique("press");
        for (var notOperator : new JwtRequestPostProcessor[] {bob, analyst, underwriter}) {
            mvc.perform(put("/api/collateral-devices/{id}", device).with(notOperator)
                            .contentType(MediaType.APPLICATION_JSON)
                            .content("{\"type\": \"EQUIPMENT_MONITOR\", \"label\": \"press monitor\"}"))
                    .andExpect(status().isForbidden());
        }
        mvc.perform(put("/api/collateral-devices/{id}", device).with(operator)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"type\": \"EQUIPMENT_MONITOR\", \"label\": \"press monitor\"}"))
                .andExpect(status().is2xxSuccessful());

        // borrower actions need the borrower role: staff cannot apply or register things in someone's name
        for (var staff : new JwtRequestPostProcessor[] {analyst, underwriter, operator}) {
            mvc.perform(post("/api/loan-applications").with(staff)
                            .contentType(MediaType.APPLICATION_JSON).content(application()))
                    .andExpect(status().isForbidden());
            mvc.perform(post("/api/things").with(staff).contentType(MediaType.APPLICATION_JSON)
                            .content("{\"ownerType\": \"PERSON\", \"kind\": \"VEHICLE\", \"serial\": \"X1\", \"displayName\": \"x\"}"))
                    .andExpect(status().isForbidden());
        }
        mvc.perform(get("/api/models")).andExpect(status().isUnauthorized())
                .andExpect(header().string("WWW-Authenticate", containsString("Bearer")));
    }

    @Test
    void applicationsAreRateLimitedPerBorrowerWith429AndRetryAfter() throws Exception {
        var rita = borrower(unique("rita"));
        for (int i = 0; i < APPLICATION_BURST; i++) {
            submitLoan(rita);
        }

        mvc.perform(post("/api/loan-applications").with(rita)
                        .contentType(MediaType.APPLICATION_JSON).content(application()))
                .andExpect(status().isTooManyRequests())
                .andExpect(header().string("Retry-After", org.hamcrest.Matchers.matchesPattern("[1-9][0-9]*")))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(429))
                .andExpect(jsonPath("$.limit").value("applications"))
                .andExpect(jsonPath("$.detail").value(containsString("allows 3 requests at once")));

        // the refused one is not stored; another borrower is not affected
        mvc.perform(get("/api/loan-applications").with(rita)).andExpect(jsonPath("$.length()").value(APPLICATION_BURST));
        submitLoan(borrower(unique("sam")));
    }

    @Test
    void paymentsAreRateLimitedPerThingAndCounted() throws Exception {
        var olga = borrower(unique("olga"));
        var car = registerThing(olga);
        String grantId = authorizedGrant(olga, car.thingId());
        double authorizedBefore = meters.counter("lending.payments", "result", "AUTHORIZED", "rule", "none").count();

        for (int i = 0; i < PAYMENT_BURST; i++) {
            pay(car, "charge-" + i).andExpect(status().isCreated());
        }
        pay(car, "charge-over").andExpect(status().isTooManyRequests())
                .andExpect(header().exists("Retry-After"))
                .andExpect(jsonPath("$.limit").value("payments"));

        var grant = body(mvc.perform(get("/api/grants/{id}", grantId).with(olga)));
        assertThat(grant.get("payments")).hasSize(PAYMENT_BURST);
        assertThat(meters.counter("lending.payments", "result", "AUTHORIZED", "rule", "none").count())
                .isEqualTo(authorizedBefore + PAYMENT_BURST);
    }

    @Test
    void thingCredentialIsStoredOnlyAsItsHashAndNeverLogged(CapturedOutput output) throws Exception {
        var owner = borrower(unique("olaf"));
        var car = registerThing(owner);
        authorizedGrant(owner, car.thingId());
        pay(car, "charge-logged").andExpect(status().isCreated());
        mvc.perform(post("/api/things/{id}/payments", car.thingId()).with(anonymous())
                        .header("Authorization", "Thing " + car.credential() + "x")
                        .header("Idempotency-Key", "charge-wrong").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"amountMinor\": 500, \"currency\": \"EUR\", \"counterparty\": \"ionity-berlin\"}"))
                .andExpect(status().isUnauthorized());

        String stored = jdbc.queryForObject("select credential_hash from thing where thing_id = ?", String.class,
                car.thingId());
        assertThat(stored).isEqualTo(ThingCredentials.hash(car.credential())).doesNotContain(car.credential());
        Integer plain = jdbc.queryForObject("select count(*) from thing where credential_hash = ?", Integer.class,
                car.credential());
        assertThat(plain).isZero();
        assertThat(output.getAll()).contains(car.thingId()).doesNotContain(car.credential())
                .doesNotContain(car.credential().substring(4));
    }
}
