package io.bankofthings.lending.monitoring;

import io.bankofthings.lending.loan.LoanApplications;
import io.bankofthings.lending.processes.MonitoringProcess;
import io.bankofthings.lending.resume.EngineGeneration;
import io.bankofthings.lending.resume.ProcessResumer;
import io.bankofthings.lending.resume.ResumableProcess;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Where an open alert whose post-loan-monitoring instance was lost with the in-memory engine starts again: where its
 * stored status and responses say it was ({@link AlertResumePlan}). The new instance key and engine generation are
 * recorded on the alert, which stays locked meanwhile; an alert with nothing left to run only records the current
 * generation, so the sweep does not look at it again until the next restart. The sweep, its retries and the instance
 * creation are {@link ProcessResumer}'s.
 */
@Component
public class AlertProcessResumer implements ResumableProcess {

    private final Alerts alerts;
    private final LoanApplications applications;
    private final Clock clock;

    public AlertProcessResumer(Alerts alerts, LoanApplications applications, Clock clock) {
        this.alerts = alerts;
        this.applications = applications;
        this.clock = clock;
    }

    @Override
    public String processId() {
        return MonitoringProcess.PROCESS_ID;
    }

    @Override
    public String caseName() {
        return "alert";
    }

    @Override
    public List<String> findLost(EngineGeneration generation, int limit) {
        return alerts.findLostInstances(generation, limit);
    }

    /** Empty when the alert's instance is not lost, the alert ended or nothing of it is left to run. */
    @Override
    public Optional<Resumption> plan(String alertId, EngineGeneration generation) {
        var alert = alerts.findForUpdate(alertId).orElseThrow(() -> new AlertNotFoundException(alertId));
        if (alert.publishedAt() == null || !generation.lost(alerts.processGeneration(alertId).orElse(null))) {
            return Optional.empty();
        }
        String loanState = applications.find(alert.loanId()).map(a -> a.status().name()).orElse("UNKNOWN");
        var point = AlertResumePlan.resumePoint(alert, loanState, alerts.progress(alertId), clock.instant());
        if (point.isEmpty()) {
            alerts.setProcessInstance(alertId, null, generation.current());
        }
        return point.map(p -> new Resumption(alert.status(), p, alert.processInstanceKey()));
    }

    @Override
    public void resumed(String alertId, long processInstanceKey, EngineGeneration generation) {
        alerts.setProcessInstance(alertId, processInstanceKey, generation.current());
    }
}
