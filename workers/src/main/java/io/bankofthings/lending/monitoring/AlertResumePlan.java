package io.bankofthings.lending.monitoring;

import io.bankofthings.lending.processes.MonitoringProcess;
import io.bankofthings.lending.resume.ResumePoint;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where an open alert whose short process instance was lost (the in-memory engine restarted) starts again, read from
 * its stored status and the tables its responses write ({@link AlertProgress}), with the variables of its start
 * message and its recorded {@code response}. Every step a new instance runs again is idempotent by alert id (one
 * notification, one freeze, one margin call, one hand-over, one audit row each), so a step already taken acts no
 * second time:
 *
 * <ul>
 *   <li>no response recorded yet (RAISED): the alert-response decision;
 *   <li>INVESTIGATING whose condition the telemetry saw end: the clearing (the resolution message was lost with the
 *       engine);
 *   <li>CONFIRMED by operations: the margin call;
 *   <li>MARGIN_CALL with an open margin call: the wait for the cover, its deadline timer set to what is left until
 *       the stored deadline (a deadline passed while the application was down hands over to collections at once);
 *   <li>NOTIFIED whose notification and freeze (as far as the response asks for them) exist: nothing, its instance
 *       had ended;
 *   <li>every other open alert (NOTIFIED with a step missing, INVESTIGATING, MARGIN_CALL not issued yet, COLLECTIONS
 *       not handed over yet): the steps after the decision, from the borrower warning on; an investigation opens its
 *       task again.
 * </ul>
 * Ended alerts (resolved: cleared, closed, handed over) resume nowhere.
 */
public final class AlertResumePlan {

    /** The resolution the clearing of a condition resolved before the restart records. */
    static final String CONDITION_RESOLVED = "condition resolved";

    private AlertResumePlan() {}

    /**
     * Where this alert resumes and with which variables.
     *
     * @param loanState the loan's status now, as the start message carries it
     * @param now       the current time, for what is left of a margin call
     * @return empty for an ended alert or one with nothing left to run
     */
    public static Optional<ResumePoint> resumePoint(Alert alert, String loanState, AlertProgress progress, Instant now) {
        if (alert.resolvedAt() != null) {
            return Optional.empty();
        }
        var variables = new HashMap<String, Object>();
        variables.put("alertId", alert.alertId());
        variables.put("loanId", alert.loanId());
        variables.put("collateralId", alert.collateralId());
        variables.put("alertType", alert.type().name());
        variables.put("severity", alert.severity().name());
        variables.put("loanState", loanState);
        var response = alert.response();
        if (response == null) {
            return Optional.of(new ResumePoint(MonitoringProcess.ELEMENT_DECIDE, variables));
        }
        variables.put("response", response);
        String element;
        switch (alert.status()) {
            case Alert.INVESTIGATING -> {
                if (progress.conditionResolvedAt() != null) {
                    variables.put("resolution", Map.of("by", MonitoringAudit.SYSTEM, "reason", CONDITION_RESOLVED));
                    element = MonitoringProcess.ELEMENT_CLEAR;
                } else {
                    element = MonitoringProcess.ELEMENT_NOTIFY_GATEWAY;
                }
            }
            case Alert.CONFIRMED -> element = MonitoringProcess.ELEMENT_MARGIN_CALL;
            case Alert.MARGIN_CALL -> {
                if (progress.marginCallOpen()) {
                    variables.put("marginCallDeadline", progress.marginCallDeadline().toString());
                    variables.put("marginCallLeft", ResumePoint.timeLeft(progress.marginCallDeadline(), now).toString());
                    element = MonitoringProcess.ELEMENT_AWAIT_MARGIN_CALL;
                } else {
                    element = MonitoringProcess.ELEMENT_NOTIFY_GATEWAY;
                }
            }
            case Alert.NOTIFIED -> {
                boolean warned = !flag(response, "notifyBorrower") || progress.borrowerWarned();
                boolean frozen = !flag(response, "freeze") || progress.frozen();
                element = warned && frozen ? null : MonitoringProcess.ELEMENT_NOTIFY_GATEWAY;
            }
            default -> element = MonitoringProcess.ELEMENT_NOTIFY_GATEWAY;
        }
        return Optional.ofNullable(element).map(e -> new ResumePoint(e, variables));
    }

    private static boolean flag(Map<String, Object> response, String name) {
        return Boolean.TRUE.equals(response.get(name));
    }
}
