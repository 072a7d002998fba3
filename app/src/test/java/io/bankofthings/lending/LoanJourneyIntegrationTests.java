package io.bankofthings.lending;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.oidcLogin;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bankofthings.lending.collateral.DeviceRegistry;
import io.bankofthings.lending.collateral.LienRegistry;
import io.bankofthings.lending.ledger.Accounts;
import io.bankofthings.lending.ledger.Ledger;
import io.bankofthings.lending.loan.DeviceType;
import io.bankofthings.lending.storage.TelemetryParquetWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.UUID;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.oidc.user.OidcUserAuthority;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.JwtRequestPostProcessor;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.OidcLoginRequestPostProcessor;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The whole application on its embedded defaults (in-process Zeebe, embedded PostgreSQL, S3Proxy, Artemis MQTT): a
 * borrower applies through the API and the page; the process checks identity, registers the collateral against the
 * device registry, the telemetry store and the lien registry, values it, scores and decides; the borrower accepts the
 * offer, the lien is filed, the loan paid out through the ledger and repaid (in full or early), and the process
 * releases the lien and closes the loan. Tokens come from Spring Security's test support.
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
    @Autowired LienRegistry liens;
    @Autowired DeviceRegistry devices;
    @Autowired TelemetryParquetWriter telemetry;

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);

    private static JwtRequestPostProcessor borrower(String subject) {
        return jwt().jwt(j -> j.subject(subject).claim("preferred_username", subject))
                .authorities(new SimpleGrantedAuthority("ROLE_borrower"));
    }

    private static final JwtRequestPostProcessor OPERATOR = jwt().jwt(j -> j.subject("olga-subject").claim("preferred_username", "olga"))
            .authorities(new SimpleGrantedAuthority("ROLE_operator"));

    /** A registered press monitor reporting a full week from the site. */
    private String onlineMonitor(String name) {
        String deviceId = name + "-" + suffix;
        LoanTestData.onlineDevice(devices, telemetry, deviceId, DeviceType.EQUIPMENT_MONITOR, 7 * 24);
        return deviceId;
    }

    private String submit(JwtRequestPostProcessor who, String body) throws Exception {
        var created = mvc.perform(post("/api/loan-applications").with(who).contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isAccepted())
                .andExpect(header().string("Location", Matchers.startsWith("/api/loan-applications/L-")))
                .andExpect(jsonPath("$.status").value("SUBMITTED"))
                .andReturn().getResponse().getContentAsString();
        return json.readTree(created).get("loanId").asText();
    }

    private JsonNode read(String loanId, JwtRequestPostProcessor who) throws Exception {
        return json.readTree(mvc.perform(get("/api/loan-applications/{id}", loanId).with(who))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
    }

    private JsonNode await(String loanId, JwtRequestPostProcessor who, Set<String> states) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (true) {
            var node = read(loanId, who);
            if (states.contains(node.get("status").asText())) {
                return node;
            }
            assertThat(Instant.now()).as("loan %s still %s", loanId, node.get("status").asText()).isBefore(deadline);
            Thread.sleep(100);
        }
    }

    private JsonNode body(org.springframework.test.web.servlet.ResultActions actions) throws Exception {
        return json.readTree(actions.andReturn().getResponse().getContentAsString());
    }

    @Test
    void borrowerIsOfferedALoanAcceptsItRepaysEveryInstalmentAndTheLienIsReleased() throws Exception {
        var bob = borrower("bob-" + suffix);
        String device = onlineMonitor("press");
        String loanId = submit(bob, LoanTestData.application(1_000_000, 3, "EQUAL_PRINCIPAL", "EQUIPMENT", 5_000_000,
                "SN-" + suffix, device, "EQUIPMENT_MONITOR"));

        var offered = await(loanId, bob, Set.of("OFFERED", "REJECTED", "REFERRED"));

        assertThat(offered.get("status").asText()).isEqualTo("OFFERED");
        assertThat(offered.get("decision").asText()).isEqualTo("APPROVE");
        assertThat(offered.get("maxLoanMinor").asLong()).isEqualTo(2_800_000L); // 5,000,000 x 0.7 x 0.8
        assertThat(offered.get("approvedAmountMinor").asLong()).isEqualTo(1_000_000L);
        assertThat(offered.get("valuation").get(0).get("haircut").asDouble()).isEqualTo(0.3);
        assertThat(offered.get("annualRateBps").asInt()).isEqualTo(750);
        assertThat(offered.get("score").asInt()).isEqualTo(800);
        assertThat(offered.get("scoreExplanation")).extracting(f -> f.get("name").asText())
                .containsExactly("subjectCredit", "transactionCredit", "entityCredit");
        assertThat(offered.get("scoreExplanation").get(2).get("explanation").asText())
                .isEqualTo("weakest device " + device + ": uptime 100%, operating 100%, inside site 100%");
        assertThat(offered.get("applicant").get("identityNumber").asText()).isEqualTo("*******29");
        assertThat(offered.toString()).doesNotContain("T22000129");

        mvc.perform(post("/api/loan-applications/{id}/offer/accept", loanId).with(borrower("mallory-" + suffix)))
                .andExpect(status().isNotFound());
        mvc.perform(post("/api/loan-applications/{id}/offer/accept", loanId).with(OPERATOR))
                .andExpect(status().isForbidden());
        mvc.perform(post("/api/loan-applications/{id}/offer/accept", loanId).with(bob))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.offerAccepted").value(true));

        var disbursed = await(loanId, bob, Set.of("DISBURSED"));
        assertThat(disbursed.get("lienFilingNumber").asText()).matches("LR-\\d{4}-\\d{6}");
        assertThat(liens.ofLoan(loanId)).singleElement().satisfies(l -> assertThat(l.status()).isEqualTo("ACTIVE"));
        assertThat(ledger.transactionsFor(loanId)).hasSize(1);
        assertThat(ledger.balanceOf(Accounts.loanReceivable(loanId))).containsEntry("EUR", 1_000_000L);

        var schedule = body(mvc.perform(get("/api/loan-applications/{id}/schedule", loanId).with(bob)).andExpect(status().isOk()));
        assertThat(schedule.get("installments")).hasSize(3);
        assertThat(schedule.get("installments").get(0).get("principalMinor").asLong()).isEqualTo(333_333L);
        assertThat(schedule.get("daysPastDue").asInt()).isZero();

        mvc.perform(post("/api/loan-applications/{id}/repayments", loanId).with(bob)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"amountMinor\": 1000}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("Idempotency-Key"));
        for (var installment : schedule.get("installments")) {
            long amount = installment.get("principalMinor").asLong() + installment.get("interestMinor").asLong();
            String key = "pay-" + installment.get("seq").asInt();
            mvc.perform(post("/api/loan-applications/{id}/repayments", loanId).with(bob).header("Idempotency-Key", key)
                            .contentType(MediaType.APPLICATION_JSON).content("{\"amountMinor\": %d}".formatted(amount)))
                    .andExpect(status().isCreated())
                    .andExpect(jsonPath("$.replayed").value(false));
            if (installment.get("seq").asInt() == 1) {
                mvc.perform(post("/api/loan-applications/{id}/repayments", loanId).with(bob).header("Idempotency-Key", key)
                                .contentType(MediaType.APPLICATION_JSON).content("{\"amountMinor\": %d}".formatted(amount)))
                        .andExpect(status().isOk())
                        .andExpect(jsonPath("$.replayed").value(true));
            }
        }

        var closed = await(loanId, bob, Set.of("CLOSED"));
        assertThat(closed.get("closureReason").asText()).isEqualTo("REPAID");
        assertThat(liens.ofLoan(loanId)).singleElement().satisfies(l -> assertThat(l.status()).isEqualTo("RELEASED"));
        assertThat(ledger.balanceOf(Accounts.loanReceivable(loanId))).containsEntry("EUR", 0L);
        assertThat(ledger.transactionsFor(loanId)).hasSize(4);
        assertThat(ledger.trialBalance().values()).allMatch(net -> net == 0L);
        var history = body(mvc.perform(get("/api/loan-applications/{id}/history", loanId).with(bob)));
        assertThat(LoanTestData.statuses(history)).containsExactly("SUBMITTED", "IDENTITY_VERIFIED", "COLLATERAL_REGISTERED",
                "SCORED", "APPROVED", "OFFERED", "ACCEPTED", "LIEN_REGISTERED", "DISBURSED", "DISBURSED", "DISBURSED",
                "REPAID", "LIEN_RELEASED", "CLOSED");
        mvc.perform(get("/api/loan-applications/{id}/history", loanId).with(OPERATOR)).andExpect(status().isOk());
        mvc.perform(get("/api/loan-applications/{id}/schedule", loanId).with(borrower("mallory-" + suffix)))
                .andExpect(status().isNotFound());

        // the collateral is free again once the loan is closed
        submit(bob, LoanTestData.application(500_000, 12, "ANNUITY", "EQUIPMENT", 5_000_000, "SN-" + suffix, device,
                "EQUIPMENT_MONITOR"));
    }

    @Test
    void earlyPayoffClosesTheLoanAndReleasesTheLien() throws Exception {
        var erin = borrower("erin-" + suffix);
        String loanId = submit(erin, LoanTestData.application(2_000_000, 24, "ANNUITY", "EQUIPMENT", 5_000_000,
                "SN-early-" + suffix, onlineMonitor("lathe"), "EQUIPMENT_MONITOR"));
        await(loanId, erin, Set.of("OFFERED"));
        mvc.perform(post("/api/loan-applications/{id}/offer/accept", loanId).with(erin)).andExpect(status().isAccepted());
        await(loanId, erin, Set.of("DISBURSED"));

        var quote = body(mvc.perform(get("/api/loan-applications/{id}/payoff", loanId).with(erin)).andExpect(status().isOk()));
        assertThat(quote.get("payoffMinor").asLong()).isEqualTo(2_000_000L); // nothing due yet: principal only
        var receipt = body(mvc.perform(post("/api/loan-applications/{id}/payoff", loanId).with(erin)
                        .header("Idempotency-Key", "payoff-" + suffix))
                .andExpect(status().isCreated()));
        assertThat(receipt.get("amountMinor").asLong()).isEqualTo(2_000_000L);
        assertThat(receipt.get("outstandingMinor").asLong()).isZero();

        var closed = await(loanId, erin, Set.of("CLOSED"));
        assertThat(closed.get("closureReason").asText()).isEqualTo("EARLY_PAYOFF");
        assertThat(liens.ofLoan(loanId)).allSatisfy(l -> assertThat(l.status()).isEqualTo("RELEASED"));
        mvc.perform(post("/api/loan-applications/{id}/repayments", loanId).with(erin).header("Idempotency-Key", "late")
                        .contentType(MediaType.APPLICATION_JSON).content("{\"amountMinor\": 100}"))
                .andExpect(status().isConflict());
        assertThat(ledger.trialBalance().values()).allMatch(net -> net == 0L);
    }

    @Test
    void declinedOfferClosesTheApplicationWithoutPayingAnything() throws Exception {
        var dora = borrower("dora-" + suffix);
        String loanId = submit(dora, LoanTestData.application(1_000_000, 24, "ANNUITY", "EQUIPMENT", 5_000_000,
                "SN-decline-" + suffix, onlineMonitor("mill"), "EQUIPMENT_MONITOR"));
        await(loanId, dora, Set.of("OFFERED"));

        mvc.perform(post("/api/loan-applications/{id}/offer/decline", loanId).with(dora)).andExpect(status().isAccepted());

        var declined = await(loanId, dora, Set.of("DECLINED"));
        assertThat(declined.get("closureReason").asText()).isEqualTo("DECLINED");
        mvc.perform(post("/api/loan-applications/{id}/offer/accept", loanId).with(dora))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value("Loan " + loanId + " is DECLINED, it has no open offer"));
        assertThat(ledger.transactionsFor(loanId)).isEmpty();
        assertThat(liens.ofLoan(loanId)).isEmpty();
    }

    @Test
    void rejectionsComeWithTheirReasonAndNeverPay() throws Exception {
        var carol = borrower("carol-" + suffix);
        String tooMuch = submit(carol, LoanTestData.application(6_000_000, 24, "ANNUITY", "EQUIPMENT", 5_000_000,
                "SN-much-" + suffix, onlineMonitor("drill"), "EQUIPMENT_MONITOR"));
        String minor = submit(carol, LoanTestData.application("""
                        {"type": "NATURAL_PERSON", "name": "Kid Kim", "birthDate": "2015-01-01", "nationalId": "KID000001", "country": "DE"}""",
                100_000, 12, "ANNUITY", "EQUIPMENT", 5_000_000, "SN-kid-" + suffix, onlineMonitor("saw"), "EQUIPMENT_MONITOR"));
        String unknownDevice = submit(carol, LoanTestData.application(100_000, 12, "ANNUITY", "EQUIPMENT", 5_000_000,
                "SN-unknown-" + suffix, "never-registered-" + suffix, "EQUIPMENT_MONITOR"));
        String underLien = "SN-lien-" + suffix;
        liens.fileExternal("EXT-" + suffix, underLien, "Other Bank AG");
        String liened = submit(carol, LoanTestData.application(100_000, 12, "ANNUITY", "EQUIPMENT", 5_000_000, underLien,
                onlineMonitor("crane"), "EQUIPMENT_MONITOR"));

        assertThat(await(tooMuch, carol, Set.of("REJECTED")).get("decisionReason").asText())
                .isEqualTo("requested amount above twice the collateral lending limit");
        assertThat(await(minor, carol, Set.of("REJECTED")).get("decisionReason").asText())
                .isEqualTo("identity check failed: applicant is under 18");
        assertThat(await(unknownDevice, carol, Set.of("REJECTED")).get("decisionReason").asText())
                .isEqualTo("collateral refused: device never-registered-" + suffix + " is not registered with the bank");
        assertThat(await(liened, carol, Set.of("REJECTED")).get("decisionReason").asText())
                .isEqualTo("collateral refused: asset " + underLien.toUpperCase() + " is already under lien EXT-" + suffix
                        + " of Other Bank AG");
        for (String loanId : new String[] {tooMuch, minor, unknownDevice, liened}) {
            assertThat(ledger.transactionsFor(loanId)).isEmpty();
        }
    }

    @Test
    void aSecondApplicationForTheSameCollateralIsRefused() throws Exception {
        var fred = borrower("fred-" + suffix);
        String device = onlineMonitor("dup");
        submit(fred, LoanTestData.application(100_000, 12, "ANNUITY", "EQUIPMENT", 5_000_000, "SN-dup-" + suffix, device,
                "EQUIPMENT_MONITOR"));

        mvc.perform(post("/api/loan-applications").with(borrower("gina-" + suffix)).contentType(MediaType.APPLICATION_JSON)
                        .content(LoanTestData.application(100_000, 12, "ANNUITY", "EQUIPMENT", 5_000_000,
                                "sn-dup-" + suffix, "other-" + suffix, "EQUIPMENT_MONITOR")))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.title").value("Duplicate collateral"))
                .andExpect(jsonPath("$.claims[0]").value("asset:SN-DUP-" + suffix.toUpperCase()));
        mvc.perform(get("/api/loan-applications").with(borrower("gina-" + suffix)))
                .andExpect(jsonPath("$.length()").value(0));
    }

    @Test
    void anotherBorrowerCannotSeeTheApplicationButStaffCan() throws Exception {
        String loanId = submit(borrower("owner-" + suffix), LoanTestData.application(100_000, 12, "ANNUITY", "EQUIPMENT",
                1_000_000, "SN-own-" + suffix, onlineMonitor("own"), "EQUIPMENT_MONITOR"));

        mvc.perform(get("/api/loan-applications/{id}", loanId).with(borrower("someone-else")))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/loan-applications/{id}", loanId).with(OPERATOR))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.loanId").value(loanId));
        mvc.perform(get("/api/loan-applications/{id}", loanId)).andExpect(status().isUnauthorized());
    }

    @Test
    void invalidApplicationsAreRefusedFieldByFieldAndNothingIsStored() throws Exception {
        var dave = borrower("dave-" + suffix);
        mvc.perform(post("/api/loan-applications").with(dave)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"applicant": {"type": "LEGAL_PERSON", "name": "D", "country": "Germany"},
                                 "amountMinor": -5, "currency": "euro", "termMonths": 0,
                                 "collateral": [{"kind": "EQUIPMENT", "description": "", "assetIdentifier": "x",
                                                 "declaredValueMinor": 0, "site": {"address": "here", "latitude": 95},
                                                 "devices": [{"deviceId": "bad id!"}]}]}
                                """))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field").value(Matchers.containsInAnyOrder(
                        "applicant.name", "applicant.country", "applicant.registrationNumber", "applicant.foundedOn",
                        "amountMinor", "currency", "termMonths", "collateral[0].description", "collateral[0].assetIdentifier",
                        "collateral[0].declaredValueMinor", "collateral[0].site.latitude", "collateral[0].site.longitude",
                        "collateral[0].site.radiusMeters", "collateral[0].devices[0].deviceId", "collateral[0].devices[0].type")));
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
                        .content(LoanTestData.application(100_000, 12, "ANNUITY", "EQUIPMENT", 1_000_000, "SN-an-" + suffix,
                                "dev-1", "GPS_TRACKER")))
                .andExpect(status().isForbidden());

        mvc.perform(get("/api/loan-applications").with(dave))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(0));
    }

    @Test
    void operationsRegisterDevicesAndBorrowersCannot() throws Exception {
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put("/api/collateral-devices/{id}", "gps-" + suffix)
                        .with(OPERATOR).contentType(MediaType.APPLICATION_JSON).content("{\"type\": \"GPS_TRACKER\", \"label\": \"van\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.registeredBy").value("olga"));
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put("/api/collateral-devices/{id}", "gps-" + suffix)
                        .with(OPERATOR).contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("type"));
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put("/api/collateral-devices/{id}", "x-" + suffix)
                        .with(borrower("bob")).contentType(MediaType.APPLICATION_JSON).content("{\"type\": \"GPS_TRACKER\"}"))
                .andExpect(status().isForbidden());
        assertThat(devices.find("x-" + suffix)).isEmpty();
    }

    @Test
    void borrowerAppliesThroughThePageAcceptsTheOfferAndSeesTheSchedule() throws Exception {
        var page = oidcLogin()
                .idToken(t -> t.subject("erin-page-" + suffix).claim("preferred_username", "erin"))
                .authorities(new OidcUserAuthority(org.springframework.security.oauth2.core.oidc.OidcIdToken
                                .withTokenValue("t").subject("erin-page-" + suffix).claim("preferred_username", "erin").build()),
                        new SimpleGrantedAuthority("ROLE_borrower"));
        String device = "van-" + suffix;
        LoanTestData.onlineDevice(devices, telemetry, device, DeviceType.GPS_TRACKER, 7 * 24);

        mvc.perform(post("/loans").with(page).with(csrf())
                        .param("applicantType", "NATURAL_PERSON").param("applicantName", "Erin Example")
                        .param("birthDate", "1985-02-03").param("nationalId", "E12345678").param("country", "DE")
                        .param("amount", "abc").param("currency", "EUR").param("termMonths", "24").param("repaymentType", "ANNUITY")
                        .param("collateralKind", "VEHICLE").param("collateralDescription", "Delivery van")
                        .param("assetIdentifier", "VIN-" + suffix).param("collateralValue", "40000.00")
                        .param("siteAddress", "Depot 1, Munich").param("siteLatitude", "north").param("siteLongitude", "11.575")
                        .param("siteRadius", "300").param("deviceId", device).param("deviceType", "GPS_TRACKER"))
                .andExpect(status().isOk())
                .andExpect(result -> assertThat(result.getResponse().getContentAsString())
                        .contains("must be positive, was -1").contains("must be between -90 and 90, was NaN"));

        var redirect = mvc.perform(post("/loans").with(page).with(csrf())
                        .param("applicantType", "NATURAL_PERSON").param("applicantName", "Erin Example")
                        .param("birthDate", "1985-02-03").param("nationalId", "E12345678").param("country", "DE")
                        .param("amount", "10000.00").param("currency", "EUR").param("termMonths", "24").param("repaymentType", "ANNUITY")
                        .param("collateralKind", "VEHICLE").param("collateralDescription", "Delivery van")
                        .param("assetIdentifier", "VIN-" + suffix).param("collateralValue", "40000.00")
                        .param("siteAddress", "Depot 1, Munich").param("siteLatitude", "48.137").param("siteLongitude", "11.575")
                        .param("siteRadius", "300").param("deviceId", device).param("deviceType", "GPS_TRACKER"))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrlPattern("/loans/L-*"))
                .andReturn().getResponse().getRedirectedUrl();

        String loanId = redirect.substring("/loans/".length());
        var erin = borrower("erin-page-" + suffix);
        await(loanId, erin, Set.of("OFFERED"));
        var offerPage = mvc.perform(get(redirect).with(page)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(offerPage).contains("OFFERED").contains("id=\"accept-offer\"").contains("Delivery van")
                .doesNotContain("E12345678");

        mvc.perform(post(redirect + "/offer/accept").with(page).with(csrf()))
                .andExpect(status().is3xxRedirection());
        await(loanId, erin, Set.of("DISBURSED"));
        var detail = mvc.perform(get(redirect).with(page)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(detail).contains("DISBURSED").contains("Repayment schedule").contains("id=\"days-past-due\"");
        var list = mvc.perform(get("/").with(page)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(list).contains(loanId);
    }

    private static OidcLoginRequestPostProcessor page(String subject, String role) {
        return oidcLogin()
                .idToken(t -> t.subject(subject).claim("preferred_username", subject))
                .authorities(new OidcUserAuthority(org.springframework.security.oauth2.core.oidc.OidcIdToken
                                .withTokenValue("t").subject(subject).claim("preferred_username", subject).build()),
                        new SimpleGrantedAuthority("ROLE_" + role));
    }

    private static String keyOf(String page) {
        var matcher = Pattern.compile("name=\"idempotencyKey\" value=\"([^\"]+)\"").matcher(page);
        assertThat(matcher.find()).as("the page has a repayment form").isTrue();
        return matcher.group(1);
    }

    private String html(org.springframework.test.web.servlet.ResultActions actions) throws Exception {
        return actions.andReturn().getResponse().getContentAsString();
    }

    @Test
    void borrowerRepaysFromTheLoanPageOncePerFormWithErrorsInPlace() throws Exception {
        String subject = "fiona-page-" + suffix;
        var fiona = borrower(subject);
        var page = page(subject, "borrower");
        String loanId = submit(fiona, LoanTestData.application(2_000_000, 24, "ANNUITY", "EQUIPMENT", 5_000_000,
                "SN-page-repay-" + suffix, onlineMonitor("mill"), "EQUIPMENT_MONITOR"));
        await(loanId, fiona, Set.of("OFFERED"));
        assertThat(html(mvc.perform(get("/loans/{id}", loanId).with(page)).andExpect(status().isOk())))
                .as("no repayment before the loan is paid out").doesNotContain("Make a repayment");
        mvc.perform(post("/api/loan-applications/{id}/offer/accept", loanId).with(fiona)).andExpect(status().isAccepted());
        await(loanId, fiona, Set.of("DISBURSED"));
        long outstanding = schedule(loanId, fiona).get("outstandingMinor").asLong();

        String form = html(mvc.perform(get("/loans/{id}", loanId).with(page)).andExpect(status().isOk()));
        assertThat(form).contains("Make a repayment").contains("id=\"repayment-amount\"");
        String key = keyOf(form);
        assertThat(keyOf(html(mvc.perform(get("/loans/{id}", loanId).with(page))))).as("a key per rendering").isNotEqualTo(key);

        // bad input comes back next to the amount, nothing booked
        assertThat(html(repay(loanId, page, key, "12,5x").andExpect(status().isOk())))
                .contains("id=\"repayment-amount-error\"").contains("must be an amount like 125.50, was &#39;12,5x&#39;");
        assertThat(html(repay(loanId, page, key, "0").andExpect(status().isOk()))).contains("must be positive, was 0");
        assertThat(html(repay(loanId, page, key, "-5").andExpect(status().isOk()))).contains("must be positive, was -5");
        assertThat(html(repay(loanId, page, key, "1.005").andExpect(status().isOk()))).contains("has at most two decimals");
        String over = String.format(Locale.ROOT, "%.2f", (outstanding + 1) / 100.0);
        assertThat(html(repay(loanId, page, key, over).andExpect(status().isOk())))
                .contains("must be at most the outstanding " + String.format(Locale.ROOT, "%,.2f EUR", outstanding / 100.0))
                .contains("value=\"" + over + "\"");
        assertThat(schedule(loanId, fiona).get("outstandingMinor").asLong()).isEqualTo(outstanding);

        // only the borrower pays from the page, and only with the form's CSRF token
        mvc.perform(post("/loans/{id}/repayments", loanId).with(page).param("amount", "125.50").param("idempotencyKey", key))
                .andExpect(status().isForbidden());
        repay(loanId, page("someone-else-" + suffix, "borrower"), key, "125.50").andExpect(status().isNotFound());
        repay(loanId, page("olga-page-" + suffix, "operator"), key, "125.50").andExpect(status().isForbidden());
        assertThat(schedule(loanId, fiona).get("outstandingMinor").asLong()).isEqualTo(outstanding);

        // a double submit of one form books one repayment
        repay(loanId, page, key, "125.50").andExpect(status().is3xxRedirection())
                .andExpect(flash().attribute("notice", Matchers.startsWith("Repayment booked: 125.50 EUR")));
        repay(loanId, page, key, "125.50").andExpect(status().is3xxRedirection())
                .andExpect(flash().attribute("notice", Matchers.startsWith("This repayment was already booked: 125.50 EUR")));
        assertThat(schedule(loanId, fiona).get("outstandingMinor").asLong()).isEqualTo(outstanding - 12_550);
        assertThat(body(mvc.perform(get("/api/loan-applications/{id}/history", loanId).with(fiona))).findValuesAsText("detail"))
                .filteredOn(detail -> detail.startsWith("repayment of 12550")).hasSize(1);

        String after = html(mvc.perform(get("/loans/{id}", loanId).with(page)).andExpect(status().isOk()));
        assertThat(after).contains(String.format(Locale.ROOT, "%,.2f", (outstanding - 12_550) / 100.0));
        String second = keyOf(after);
        assertThat(second).isNotEqualTo(key);

        // a repeat of a form that paid more than is left now is still the first payment, not an overpayment
        long left = outstanding - 12_550;
        String most = String.format(Locale.ROOT, "%.2f", (left - 1) / 100.0);
        repay(loanId, page, second, most).andExpect(status().is3xxRedirection())
                .andExpect(flash().attribute("notice", Matchers.startsWith("Repayment booked: ")));
        repay(loanId, page, second, most).andExpect(status().is3xxRedirection())
                .andExpect(flash().attribute("notice", Matchers.startsWith("This repayment was already booked: ")));
        assertThat(schedule(loanId, fiona).get("outstandingMinor").asLong()).isEqualTo(1);
    }

    private org.springframework.test.web.servlet.ResultActions repay(String loanId, OidcLoginRequestPostProcessor who,
            String key, String amount) throws Exception {
        return mvc.perform(post("/loans/{id}/repayments", loanId).with(who).with(csrf())
                .param("amount", amount).param("idempotencyKey", key));
    }

    private JsonNode schedule(String loanId, JwtRequestPostProcessor who) throws Exception {
        return body(mvc.perform(get("/api/loan-applications/{id}/schedule", loanId).with(who)).andExpect(status().isOk()));
    }
}
