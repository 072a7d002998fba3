package io.bankofthings.lending;

import static io.bankofthings.lending.LostInstances.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

import io.bankofthings.lending.loan.Applicant;
import io.bankofthings.lending.loan.ApplicantType;
import io.bankofthings.lending.loan.BoundDevice;
import io.bankofthings.lending.loan.CollateralKind;
import io.bankofthings.lending.loan.CollateralSite;
import io.bankofthings.lending.loan.DeviceType;
import io.bankofthings.lending.loan.LoanApplications;
import io.bankofthings.lending.loan.LoanStatus;
import io.bankofthings.lending.loan.NewLoanApplication;
import io.bankofthings.lending.loan.RepaymentType;
import io.bankofthings.lending.loan.StoredApplications;
import io.bankofthings.lending.monitoring.Alert;
import io.bankofthings.lending.monitoring.AlertCandidate;
import io.bankofthings.lending.monitoring.AlertService;
import io.bankofthings.lending.monitoring.AlertType;
import io.bankofthings.lending.monitoring.Alerts;
import io.bankofthings.lending.monitoring.Investigations;
import io.bankofthings.lending.monitoring.LoanMonitoring;
import io.bankofthings.lending.monitoring.Severity;
import io.bankofthings.lending.processes.MonitoringProcess;
import io.bankofthings.lending.resume.ProcessResumer;
import io.bankofthings.lending.task.UserTaskInbox;
import io.camunda.client.CamundaClient;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Collateral alerts whose post-loan-monitoring instance was lost (the in-memory engine forgot it) resume on the real
 * engine and PostgreSQL: an alert of a disbursed, monitored loan is taken to a wait state by its process, its instance
 * cancelled and its row marked as published under a previous engine generation, what a restart leaves behind; then
 * {@link ProcessResumer} gives it a new instance. Nothing already done (warning, freeze, margin call) is done twice.
 */
@SpringBootTest
class MonitoringResumeIntegrationTests {

    @DynamicPropertySource
    static void embeddedDefaults(DynamicPropertyRegistry registry) {
        // only the test sweeps, so it sees what one sweep resumes
        LostInstances.registerWithoutSweep(registry);
    }

    @Autowired CamundaClient client;
    @Autowired JdbcClient jdbc;
    @Autowired TransactionTemplate tx;
    @Autowired ProcessResumer resumer;
    @Autowired LoanApplications applications;
    @Autowired LoanMonitoring monitoring;
    @Autowired AlertService alertService;
    @Autowired Alerts alerts;
    @Autowired Investigations investigations;
    @Autowired UserTaskInbox inbox;

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);

    /** A disbursed loan on one tracked tractor, enrolled in monitoring. */
    private String monitoredLoan() {
        var site = new CollateralSite("Feldweg 9, Berlin", 52.522, 13.40, 1_000);
        var applicant = new Applicant(ApplicantType.NATURAL_PERSON, "Mona Farmer", LocalDate.of(1979, 3, 1), "M77001234",
                null, null, "DE");
        String loanId = StoredApplications.stored(applications, tx, new NewLoanApplication("mona-subject", "mona",
                applicant, 5_000_000, "EUR", 36, "tractor", RepaymentType.ANNUITY, List.of(
                        new NewLoanApplication.NewCollateral(CollateralKind.VEHICLE, "Tractor", "VIN-" + suffix,
                                9_000_000, site, List.of(new BoundDevice("tracker-" + suffix, DeviceType.GPS_TRACKER))))),
                LoanStatus.DISBURSED);
        assertThat(monitoring.startFor(loanId)).isTrue();
        return loanId;
    }

    private Alert raise(String loanId, AlertType type) {
        String collateralId = applications.find(loanId).orElseThrow().collateral().getFirst().collateralId();
        return alertService.raise(new AlertCandidate(type, Severity.BREACH, loanId, collateralId, "tracker-" + suffix,
                Instant.now(), "test-" + suffix, Map.of("test", true))).orElseThrow();
    }

    private Alert alert(String alertId) {
        return alerts.find(alertId).orElseThrow();
    }

    /** What an application restart does to the alert: its instance is gone and was started by another engine run. */
    private long loseInstance(String alertId) {
        long key = alert(alertId).processInstanceKey();
        LostInstances.lose(client, jdbc, "monitoring_alert", "alert_id", alertId, key);
        return key;
    }

    private long audits(String alertId, String action) {
        return jdbc.sql("select count(*) from monitoring_audit where alert_id = :id and action = :action")
                .param("id", alertId).param("action", action).query(Long.class).single();
    }

    private long rows(String table, String alertId) {
        return jdbc.sql("select count(*) from " + table + " where alert_id = :id").param("id", alertId)
                .query(Long.class).single();
    }

    private boolean instanceWaitsAt(String alertId, String elementId) {
        return LostInstances.hasElement(jdbc, alert(alertId).processInstanceKey(), elementId, "ACTIVE");
    }

    @Test
    void anOpenInvestigationReappearsInTheInboxAndIsCompletedWithoutActingTwice() throws Exception {
        String loanId = monitoredLoan();
        String alertId = raise(loanId, AlertType.GEOFENCE).alertId();
        awaitTrue("the investigation task", () -> inbox.findOpen(MonitoringProcess.PROCESS_ID,
                MonitoringProcess.ELEMENT_INVESTIGATE, alertId).isPresent());
        assertThat(rows("credit_line_freeze", alertId)).isEqualTo(1);
        long lost = loseInstance(alertId);

        assertThat(resumer.resumeLost(MonitoringProcess.PROCESS_ID)).containsEntry(Alert.INVESTIGATING, 1);
        assertThat(resumer.resumeLost(MonitoringProcess.PROCESS_ID)).as("resumed once").isEmpty();
        long resumed = alert(alertId).processInstanceKey();
        assertThat(resumed).isNotEqualTo(lost);
        awaitTrue("the investigation task of the new instance", () -> inbox.findOpen(MonitoringProcess.PROCESS_ID,
                MonitoringProcess.ELEMENT_INVESTIGATE, alertId).filter(t -> t.processInstanceKey() == resumed).isPresent());

        investigations.decide(alertId, MonitoringProcess.OUTCOME_CLEAR, "back on its site", "opal");
        awaitTrue("the cleared alert", () -> Alert.CLEARED.equals(alert(alertId).status()));

        assertThat(audits(alertId, "RESPONSE_DECIDED")).isEqualTo(1);
        assertThat(audits(alertId, "BORROWER_WARNED")).isEqualTo(1);
        assertThat(audits(alertId, "CREDIT_LINE_FROZEN")).isEqualTo(1);
        assertThat(audits(alertId, "ALERT_CLEARED")).isEqualTo(1);
        assertThat(rows("borrower_notification", alertId)).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from credit_line_freeze where alert_id = :id and released_at is null")
                .param("id", alertId).query(Long.class).single()).as("freeze released").isZero();
        assertThat(inbox.findOpen(MonitoringProcess.PROCESS_ID, MonitoringProcess.ELEMENT_INVESTIGATE, alertId)).isEmpty();
    }

    @Test
    void aMarginCallWhoseDeadlinePassedWhileTheApplicationWasDownEscalatesAtOnceAndOnce() throws Exception {
        String loanId = monitoredLoan();
        String alertId = raise(loanId, AlertType.LTV).alertId();
        awaitTrue("the margin call waiting for its deadline",
                () -> instanceWaitsAt(alertId, MonitoringProcess.ELEMENT_AWAIT_MARGIN_CALL));
        loseInstance(alertId);
        // the 14 days ran out while the application was down
        jdbc.sql("update margin_call set deadline = now() - interval '1 hour' where alert_id = :id")
                .param("id", alertId).update();

        assertThat(resumer.resumeLost(MonitoringProcess.PROCESS_ID)).containsEntry(Alert.MARGIN_CALL, 1);

        awaitTrue("the hand-over to collections", () -> Alert.COLLECTIONS.equals(alert(alertId).status()));
        assertThat(alert(alertId).resolvedAt()).isNotNull();
        assertThat(resumer.resumeLost(MonitoringProcess.PROCESS_ID)).as("an ended alert is not resumed").isEmpty();
        assertThat(rows("collections_handover", alertId)).isEqualTo(1);
        assertThat(audits(alertId, "HANDED_OVER_TO_COLLECTIONS")).isEqualTo(1);
        assertThat(audits(alertId, "MARGIN_CALL_ISSUED")).isEqualTo(1);
        assertThat(audits(alertId, "CREDIT_LINE_FROZEN")).isEqualTo(1);
        assertThat(jdbc.sql("select status from margin_call where alert_id = :id").param("id", alertId)
                .query(String.class).single()).isEqualTo("EXPIRED");
        assertThat(jdbc.sql("select count(*) from credit_line_freeze where alert_id = :id and released_at is null")
                .param("id", alertId).query(Long.class).single()).as("the freeze stays").isEqualTo(1);
    }
}
