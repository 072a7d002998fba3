package io.bankofthings.lending.grant.worker;

import io.bankofthings.lending.grant.GrantService;
import io.bankofthings.lending.processes.GrantProcess;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.util.Map;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * The service tasks of the authorization-grant process. Each maps variables and calls {@link GrantService}; every
 * call is idempotent, so a job delivered twice changes nothing the second time. A failure (database down) fails the
 * job, which is retried and then becomes an incident. The class is public because the Camunda Spring client invokes
 * the handler methods reflectively from its own package.
 */
@Component
public class GrantLifecycleWorkers {

    private final GrantService grants;

    public GrantLifecycleWorkers(GrantService grants) {
        this.grants = grants;
    }

    @JobWorker(type = GrantProcess.JOB_RECORD_ASSESSMENT, fetchVariables = {"grantId", "version", "risk"})
    public void recordAssessment(
            @Variable(name = "grantId") String grantId,
            @Variable(name = "version") int version,
            @Variable(name = "risk") Map<String, Object> risk) {
        try (var key = MDC.putCloseable("grantId", grantId)) {
            grants.recordAssessment(grantId, version, text(risk, "confirmation"), text(risk, "level"), text(risk, "reason"));
        }
    }

    @JobWorker(type = GrantProcess.JOB_ACTIVATE, fetchVariables = {"grantId", "version"})
    public void activate(@Variable(name = "grantId") String grantId, @Variable(name = "version") int version) {
        try (var key = MDC.putCloseable("grantId", grantId)) {
            grants.recordActivation(grantId, version);
        }
    }

    /** Rejected by the risk table, or by the owner in the confirmation task. */
    @JobWorker(type = GrantProcess.JOB_REJECT, fetchVariables = {"grantId", "version", "risk", "ownerDecision"})
    public void reject(
            @Variable(name = "grantId") String grantId,
            @Variable(name = "version") int version,
            @Variable(name = "risk") Map<String, Object> risk,
            @Variable(name = "ownerDecision", optional = true) Map<String, Object> ownerDecision) {
        try (var key = MDC.putCloseable("grantId", grantId)) {
            if ("REJECT".equals(text(risk, "confirmation")) || ownerDecision == null) {
                grants.recordRejection(grantId, version, text(risk, "reason"), GrantService.DECISION_ACTOR);
            } else {
                grants.recordRejection(grantId, version, "owner refused: " + text(ownerDecision, "reason"),
                        text(ownerDecision, "decidedBy"));
            }
        }
    }

    @JobWorker(type = GrantProcess.JOB_SUSPEND, fetchVariables = {"grantId", "warning"})
    public void suspend(
            @Variable(name = "grantId") String grantId,
            @Variable(name = "warning", optional = true) Map<String, Object> warning) {
        try (var key = MDC.putCloseable("grantId", grantId)) {
            String kind = warning == null ? "UNKNOWN" : text(warning, "kind");
            String rule = warning == null ? null : text(warning, "rule");
            grants.recordSuspension(grantId, "risk warning " + kind + (rule == null ? "" : " (" + rule + ")"));
        }
    }

    @JobWorker(type = GrantProcess.JOB_RESUME, fetchVariables = {"grantId", "resumedBy"})
    public void resume(
            @Variable(name = "grantId") String grantId,
            @Variable(name = "resumedBy", optional = true) String resumedBy) {
        try (var key = MDC.putCloseable("grantId", grantId)) {
            grants.recordResumption(grantId, resumedBy == null ? GrantService.PROCESS_ACTOR : resumedBy);
        }
    }

    @JobWorker(type = GrantProcess.JOB_EXPIRE, fetchVariables = "grantId")
    public void expire(@Variable(name = "grantId") String grantId) {
        try (var key = MDC.putCloseable("grantId", grantId)) {
            grants.recordExpiry(grantId);
        }
    }

    @JobWorker(type = GrantProcess.JOB_REVOKE, fetchVariables = {"grantId", "revokedBy"})
    public void revoke(
            @Variable(name = "grantId") String grantId,
            @Variable(name = "revokedBy", optional = true) String revokedBy) {
        try (var key = MDC.putCloseable("grantId", grantId)) {
            grants.recordRevocation(grantId, revokedBy == null ? GrantService.PROCESS_ACTOR : revokedBy);
        }
    }

    private static String text(Map<String, Object> map, String key) {
        Object value = map == null ? null : map.get(key);
        return value == null ? null : value.toString();
    }
}
