package io.bankofthings.lending.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankofthings.lending.processes.MonitoringProcess;
import io.bankofthings.lending.resume.ResumePoint;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class AlertResumePlanUnitTests {

    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
    private static final Map<String, Object> INVESTIGATE = Map.of("action", "INVESTIGATE", "notifyBorrower", true,
            "freeze", true, "marginCallDays", 7);
    private static final Map<String, Object> MARGIN_CALL = Map.of("action", "MARGIN_CALL", "notifyBorrower", true,
            "freeze", true, "marginCallDays", 14);
    private static final Map<String, Object> NOTIFY = Map.of("action", "NOTIFY", "notifyBorrower", true,
            "freeze", false, "marginCallDays", 0);
    private static final AlertProgress NOTHING = new AlertProgress(null, null, null, false, false);

    private static Alert alert(String status, @Nullable Map<String, Object> response, @Nullable Instant resolvedAt) {
        return new Alert("A-1", "L-1", "C-1", "D-1", AlertType.GEOFENCE, Severity.BREACH, status, Map.of("meters", 900),
                NOW.minus(Duration.ofDays(2)), NOW.minus(Duration.ofDays(2)), NOW.minus(Duration.ofDays(2)), response, 7L,
                resolvedAt, null);
    }

    private static ResumePoint resume(Alert alert, AlertProgress progress) {
        return AlertResumePlan.resumePoint(alert, "DISBURSED", progress, NOW).orElseThrow();
    }

    @Test
    void anAlertWithoutAResponseIsDecidedAgainWithTheStartVariables() {
        var point = resume(alert(Alert.RAISED, null, null), NOTHING);

        assertThat(point.elementId()).isEqualTo(MonitoringProcess.ELEMENT_DECIDE);
        assertThat(point.variables()).containsOnly(Map.entry("alertId", "A-1"), Map.entry("loanId", "L-1"),
                Map.entry("collateralId", "C-1"), Map.entry("alertType", "GEOFENCE"), Map.entry("severity", "BREACH"),
                Map.entry("loanState", "DISBURSED"));
    }

    @Test
    void anOpenInvestigationRunsTheIdempotentStepsAfterTheDecisionAndOpensItsTaskAgain() {
        var point = resume(alert(Alert.INVESTIGATING, INVESTIGATE, null), new AlertProgress(null, null, null, true, true));

        assertThat(point.elementId()).isEqualTo(MonitoringProcess.ELEMENT_NOTIFY_GATEWAY);
        assertThat(point.variables()).containsEntry("response", INVESTIGATE).doesNotContainKey("resolution");
    }

    @Test
    void anInvestigationWhoseConditionEndedIsCleared() {
        var point = resume(alert(Alert.INVESTIGATING, INVESTIGATE, null),
                new AlertProgress(NOW.minus(Duration.ofHours(1)), null, null, true, true));

        assertThat(point.elementId()).isEqualTo(MonitoringProcess.ELEMENT_CLEAR);
        assertThat(point.variables()).containsKey("resolution");
    }

    @Test
    void aConfirmedAlertIssuesItsMarginCall() {
        assertThat(resume(alert(Alert.CONFIRMED, INVESTIGATE, null), NOTHING).elementId())
                .isEqualTo(MonitoringProcess.ELEMENT_MARGIN_CALL);
    }

    @Test
    void anOpenMarginCallWaitsForWhatIsLeftOfItsDeadline() {
        Instant deadline = NOW.plus(Duration.ofDays(3)).plus(Duration.ofHours(4));
        var point = resume(alert(Alert.MARGIN_CALL, MARGIN_CALL, null), new AlertProgress(null, deadline, "OPEN", true, true));

        assertThat(point.elementId()).isEqualTo(MonitoringProcess.ELEMENT_AWAIT_MARGIN_CALL);
        assertThat(point.variables())
                .containsEntry("marginCallLeft", Duration.ofHours(76).toString())
                .containsEntry("marginCallDeadline", deadline.toString());
    }

    @Test
    void aMarginCallWhoseDeadlinePassedFiresAtOnce() {
        var point = resume(alert(Alert.MARGIN_CALL, MARGIN_CALL, null),
                new AlertProgress(null, NOW.minus(Duration.ofDays(1)), "OPEN", true, true));

        assertThat(point.variables()).containsEntry("marginCallLeft", ResumePoint.DUE_NOW.toString());
    }

    @Test
    void aMarginCallDecidedButNotIssuedRunsTheStepsAfterTheDecision() {
        assertThat(resume(alert(Alert.MARGIN_CALL, MARGIN_CALL, null), NOTHING).elementId())
                .isEqualTo(MonitoringProcess.ELEMENT_NOTIFY_GATEWAY);
    }

    @Test
    void aWarningWhoseBorrowerWasToldNeedsNoInstanceButOneNotToldYetDoes() {
        assertThat(AlertResumePlan.resumePoint(alert(Alert.NOTIFIED, NOTIFY, null), "DISBURSED",
                new AlertProgress(null, null, null, true, false), NOW)).isEmpty();
        assertThat(resume(alert(Alert.NOTIFIED, NOTIFY, null), NOTHING).elementId())
                .isEqualTo(MonitoringProcess.ELEMENT_NOTIFY_GATEWAY);
    }

    @Test
    void anEndedAlertResumesNowhere() {
        for (String status : new String[] {Alert.CLEARED, Alert.COLLECTIONS, Alert.CLOSED}) {
            assertThat(AlertResumePlan.resumePoint(alert(status, INVESTIGATE, NOW.minus(Duration.ofHours(2))), "DISBURSED",
                    NOTHING, NOW)).as("%s", status).isEmpty();
        }
    }
}
