package io.bankofthings.lending;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bankofthings.lending.collateral.DeviceRegistry;
import io.bankofthings.lending.collateral.LienRegistry;
import io.bankofthings.lending.ledger.Ledger;
import io.bankofthings.lending.loan.DeviceType;
import io.bankofthings.lending.loan.LoanApplications;
import io.bankofthings.lending.loan.LoanStatus;
import io.bankofthings.lending.monitoring.WatchedCollaterals;
import io.bankofthings.lending.processes.LoanProcess;
import io.bankofthings.lending.resume.ProcessResumer;
import io.bankofthings.lending.storage.TelemetryParquetWriter;
import io.camunda.client.CamundaClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.JwtRequestPostProcessor;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Loans whose process instance was lost (the in-memory engine forgot it) resume on the real engine and PostgreSQL
 * from their stored status and run to the end with one disbursement each: a loan is taken to a wait state by its
 * process, its instance cancelled and its row marked as started by a previous engine generation, exactly what a
 * restart leaves behind; then {@link ProcessResumer} gives it a new instance.
 */
@SpringBootTest
@AutoConfigureMockMvc
class LoanResumeIntegrationTests {

    @DynamicPropertySource
    static void embeddedDefaults(DynamicPropertyRegistry registry) {
        EmbeddedDefaultsSupport.register(registry);
    }

    private static final JwtRequestPostProcessor BOB = user("bob", "borrower");
    private static final JwtRequestPostProcessor UMA = user("uma", "underwriter");

    @Autowired MockMvc mvc;
    @Autowired ObjectMapper json;
    @Autowired CamundaClient client;
    @Autowired JdbcClient jdbc;
    @Autowired ProcessResumer resumer;
    @Autowired LoanApplications applications;
    @Autowired Ledger ledger;
    @Autowired LienRegistry liens;
    @Autowired WatchedCollaterals watched;
    @Autowired DeviceRegistry devices;
    @Autowired TelemetryParquetWriter telemetry;
    @Autowired MeterRegistry meters;

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);

    private static JwtRequestPostProcessor user(String name, String role) {
        return jwt().jwt(j -> j.subject(name + "-subject").claim("preferred_username", name))
                .authorities(new SimpleGrantedAuthority("ROLE_" + role));
    }

    /** 20,000.00 EUR on a press reporting for a week: approved and offered. */
    private String offeredLoan(String name) throws Exception {
        String device = name + "-" + suffix;
        LoanTestData.onlineDevice(devices, telemetry, device, DeviceType.EQUIPMENT_MONITOR, 7 * 24);
        String loanId = submit(LoanTestData.application(2_000_000, 24, "ANNUITY", "EQUIPMENT", 5_000_000, "SN-" + device,
                device, "EQUIPMENT_MONITOR"));
        await(loanId, Set.of("OFFERED"));
        return loanId;
    }

    /** 300,000.00 EUR on a tracker reporting for 3 days: the score of 593 refers it to an underwriter. */
    private String referredLoan(String name) throws Exception {
        String device = name + "-" + suffix;
        LoanTestData.onlineDevice(devices, telemetry, device, DeviceType.GPS_TRACKER, 72);
        String loanId = submit(LoanTestData.application(30_000_000, 48, "ANNUITY", "VEHICLE", 90_000_000, "VIN-" + device,
                device, "GPS_TRACKER"));
        await(loanId, Set.of("REFERRED"));
        return loanId;
    }

    private String submit(String body) throws Exception {
        var created = mvc.perform(post("/api/loan-applications").with(BOB).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isAccepted()).andReturn().getResponse().getContentAsString();
        return json.readTree(created).get("loanId").asText();
    }

    private String await(String loanId, Set<String> states) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (true) {
            String state = json.readTree(mvc.perform(get("/api/loan-applications/{id}", loanId).with(BOB))
                    .andExpect(status().isOk()).andReturn().getResponse().getContentAsString()).get("status").asText();
            if (states.contains(state)) {
                return state;
            }
            assertThat(Instant.now()).as("loan %s still %s, expected %s", loanId, state, states).isBefore(deadline);
            Thread.sleep(100);
        }
    }

    /** What an application restart does to the loan: its instance is gone and was started by another engine run. */
    private long loseInstance(String loanId) {
        long key = applications.find(loanId).orElseThrow().processInstanceKey();
        LostInstances.lose(client, jdbc, "loan_application", "loan_id", loanId, key);
        return key;
    }

    private Map<String, Integer> resume() {
        return resumer.resumeLost(LoanProcess.PROCESS_ID);
    }

    private double resumedCount(String status) {
        var counter = meters.find("lending.processes.resumed").tag("process", LoanProcess.PROCESS_ID).tag("state", status).counter();
        return counter == null ? 0 : counter.count();
    }

    private long disbursements(String loanId) {
        return ledger.transactionsFor(loanId).stream()
                .filter(t -> t.idempotencyKey().equals("loan-disbursement:" + loanId)).count();
    }

    private long historyEntries(String loanId, LoanStatus status) {
        return applications.history(loanId).stream().filter(c -> c.status() == status).count();
    }

    private void decide(String loanId, String outcome) throws Exception {
        mvc.perform(post("/api/underwriting/tasks/{id}/decision", loanId).with(UMA).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"outcome\": \"" + outcome + "\", \"reason\": \"decided after the engine restarted\"}"))
                .andExpect(status().isAccepted());
    }

    @Test
    void aReferredApplicationIsReviewedAgainThenOfferedAndPaidOutOnce() throws Exception {
        String loanId = referredLoan("tracker-referred");
        long lost = loseInstance(loanId);
        double resumedBefore = resumedCount("REFERRED");

        assertThat(resume()).containsEntry("REFERRED", 1);
        assertThat(resumedCount("REFERRED")).isEqualTo(resumedBefore + 1);
        assertThat(applications.find(loanId).orElseThrow().processInstanceKey()).isNotEqualTo(lost);
        assertThat(resume()).as("resumed once").isEmpty();

        decide(loanId, "APPROVE");
        await(loanId, Set.of("OFFERED"));
        mvc.perform(post("/api/loan-applications/{id}/offer/accept", loanId).with(BOB)).andExpect(status().isAccepted());
        await(loanId, Set.of("DISBURSED"));
        assertThat(disbursements(loanId)).isEqualTo(1);
        assertThat(historyEntries(loanId, LoanStatus.DISBURSED)).isEqualTo(1);
        assertThat(ledger.trialBalance().values()).allMatch(net -> net == 0L);
    }

    @Test
    void aScoredApplicationIsValuedAndDecidedAgain() throws Exception {
        String loanId = referredLoan("tracker-scored");
        loseInstance(loanId);
        jdbc.sql("update loan_application set status = 'SCORED' where loan_id = :id").param("id", loanId).update();

        assertThat(resume()).containsEntry("SCORED", 1);

        await(loanId, Set.of("REFERRED"));
        decide(loanId, "REJECT");
        assertThat(await(loanId, Set.of("REJECTED", "OFFERED"))).isEqualTo("REJECTED");
        assertThat(disbursements(loanId)).isZero();
    }

    @Test
    void anOfferKeepsItsOriginalDeadline() throws Exception {
        String open = offeredLoan("press-open-offer");
        String passed = offeredLoan("press-passed-offer");
        loseInstance(open);
        loseInstance(passed);
        // the offer's 14 days ran out while the application was down
        jdbc.sql("update loan_application set offer_expires_at = now() - interval '1 hour' where loan_id = :id")
                .param("id", passed).update();

        assertThat(resume()).containsEntry("OFFERED", 2);

        assertThat(await(passed, Set.of("EXPIRED"))).isEqualTo("EXPIRED");
        mvc.perform(post("/api/loan-applications/{id}/offer/accept", open).with(BOB)).andExpect(status().isAccepted());
        await(open, Set.of("DISBURSED"));
        assertThat(disbursements(open)).isEqualTo(1);
        assertThat(disbursements(passed)).isZero();
    }

    @Test
    void anAcceptedLoanWhoseLienWasAlreadyFiledKeepsItAndIsPaidOutOnce() throws Exception {
        String loanId = offeredLoan("press-accepted");
        loseInstance(loanId);
        // the restart came after the borrower's answer was recorded and the lien filed, before the filing was recorded
        jdbc.sql("update loan_application set status = 'ACCEPTED' where loan_id = :id").param("id", loanId).update();
        String filing = liens.register(loanId, applications.find(loanId).orElseThrow().collateral(), "Bank of Things");

        assertThat(resume()).containsEntry("ACCEPTED", 1);

        await(loanId, Set.of("DISBURSED"));
        assertThat(liens.ofLoan(loanId)).singleElement().satisfies(l -> {
            assertThat(l.filingNumber()).isEqualTo(filing);
            assertThat(l.status()).isEqualTo("ACTIVE");
        });
        assertThat(applications.find(loanId).orElseThrow().lienFilingNumber()).isEqualTo(filing);
        assertThat(disbursements(loanId)).isEqualTo(1);
        assertThat(historyEntries(loanId, LoanStatus.DISBURSED)).isEqualTo(1);
    }

    @Test
    void aDisbursedLoanIsNotPaidAgainAndClosesWhenPaidOff() throws Exception {
        String loanId = offeredLoan("press-disbursed");
        mvc.perform(post("/api/loan-applications/{id}/offer/accept", loanId).with(BOB)).andExpect(status().isAccepted());
        await(loanId, Set.of("DISBURSED"));
        long paidOut = ledger.transactionsFor(loanId).getFirst().transactionId();
        loseInstance(loanId);

        assertThat(resume()).containsEntry("DISBURSED", 1);

        // the resumed instance runs the disbursement step again (posting nothing) and waits for the repayment
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (watched.enrolment(loanId).isEmpty() || jdbc.sql("""
                        select count(*) from rm_element_instance where process_instance_key = :key
                        and element_id = 'LoanRepaidEvent' and state = 'ACTIVE'""")
                .param("key", applications.find(loanId).orElseThrow().processInstanceKey()).query(Long.class).single() == 0) {
            assertThat(Instant.now()).as("resumed loan %s waits for its repayment", loanId).isBefore(deadline);
            Thread.sleep(100);
        }
        mvc.perform(post("/api/loan-applications/{id}/payoff", loanId).with(BOB).header("Idempotency-Key", "payoff-" + suffix))
                .andExpect(status().isCreated());
        await(loanId, Set.of("CLOSED"));

        assertThat(ledger.transactionsFor(loanId).stream().filter(t -> t.kind().equals("DISBURSEMENT")))
                .singleElement().satisfies(t -> assertThat(t.transactionId()).isEqualTo(paidOut));
        assertThat(historyEntries(loanId, LoanStatus.DISBURSED)).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from monitoring_audit where loan_id = :id and action = 'MONITORING_STARTED'")
                .param("id", loanId).query(Long.class).single()).as("enrolled in monitoring once").isEqualTo(1L);
        assertThat(liens.ofLoan(loanId)).allSatisfy(l -> assertThat(l.status()).isEqualTo("RELEASED"));
        assertThat(ledger.trialBalance().values()).allMatch(net -> net == 0L);
    }
}
