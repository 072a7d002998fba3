package io.bankofthings.lending.monitoring.worker;

import io.bankofthings.lending.monitoring.MonitoringActions;
import io.bankofthings.lending.monitoring.MonitoringAudit;
import io.bankofthings.lending.processes.MonitoringProcess;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Job workers of the post-loan-monitoring process: each maps variables to one {@link MonitoringActions} call. Every
 * action is idempotent by alertId, so a job delivered twice acts once; a technical fault fails the job for a retry.
 */
@Component
public class AlertResponseWorkers {

    private final MonitoringActions actions;

    AlertResponseWorkers(MonitoringActions actions) {
        this.actions = actions;
    }

    @JobWorker(type = MonitoringProcess.JOB_RECORD_RESPONSE, fetchVariables = {"alertId", "response"})
    public void recordResponse(ActivatedJob job, @Variable(name = "alertId") String alertId,
            @Variable(name = "response") Map<String, Object> response) {
        actions.recordResponse(alertId, response, job.getProcessInstanceKey());
    }

    @JobWorker(type = MonitoringProcess.JOB_NOTIFY_BORROWER, fetchVariables = "alertId")
    public void notifyBorrower(ActivatedJob job, @Variable(name = "alertId") String alertId) {
        actions.notifyBorrower(alertId, job.getProcessInstanceKey());
    }

    @JobWorker(type = MonitoringProcess.JOB_FREEZE_CREDIT_LINE, fetchVariables = "alertId")
    public void freezeCreditLine(ActivatedJob job, @Variable(name = "alertId") String alertId) {
        actions.freezeCreditLine(alertId, job.getProcessInstanceKey());
    }

    @JobWorker(type = MonitoringProcess.JOB_CONFIRM_ALERT, fetchVariables = {"alertId", "investigation"})
    public void confirm(ActivatedJob job, @Variable(name = "alertId") String alertId,
            @Variable(name = "investigation") Map<String, Object> investigation) {
        actions.confirm(alertId, actor(investigation), job.getProcessInstanceKey());
    }

    @JobWorker(type = MonitoringProcess.JOB_ISSUE_MARGIN_CALL, fetchVariables = {"alertId", "response"})
    public Map<String, Object> issueMarginCall(ActivatedJob job, @Variable(name = "alertId") String alertId,
            @Variable(name = "response") Map<String, Object> response) {
        int days = ((Number) response.get("marginCallDays")).intValue();
        var deadline = actions.issueMarginCall(alertId, days, job.getProcessInstanceKey());
        return Map.of("marginCallDeadline", deadline.toString());
    }

    @JobWorker(type = MonitoringProcess.JOB_CLEAR_ALERT, fetchVariables = {"alertId", "investigation", "resolution"})
    public Map<String, Object> clear(ActivatedJob job, @Variable(name = "alertId") String alertId,
            @Variable(name = "investigation", optional = true) @Nullable Map<String, Object> investigation,
            @Variable(name = "resolution", optional = true) @Nullable Map<String, Object> resolution) {
        // the resolution (telemetry or margin call met) came last when both exist
        var source = resolution != null ? resolution : investigation;
        String by = actor(source);
        String reason = source == null ? "cleared" : String.valueOf(source.getOrDefault(resolution != null ? "reason" : "note", "cleared"));
        boolean stillFrozen = actions.clear(alertId, by, reason, job.getProcessInstanceKey());
        return Map.of("creditLineStillFrozen", stillFrozen);
    }

    @JobWorker(type = MonitoringProcess.JOB_HAND_OVER_TO_COLLECTIONS, fetchVariables = "alertId")
    public void handOverToCollections(ActivatedJob job, @Variable(name = "alertId") String alertId) {
        actions.handOverToCollections(alertId, job.getProcessInstanceKey());
    }

    @JobWorker(type = MonitoringProcess.JOB_CLOSE_ALERT, fetchVariables = {"alertId", "closeReason"})
    public void close(ActivatedJob job, @Variable(name = "alertId") String alertId,
            @Variable(name = "closeReason", optional = true) @Nullable String closeReason) {
        actions.close(alertId, closeReason == null ? "loan closed" : closeReason, job.getProcessInstanceKey());
    }

    private static String actor(@Nullable Map<String, Object> decision) {
        Object by = decision == null ? null : decision.get("by");
        return by == null || by.toString().isBlank() ? MonitoringAudit.SYSTEM : by.toString();
    }
}
