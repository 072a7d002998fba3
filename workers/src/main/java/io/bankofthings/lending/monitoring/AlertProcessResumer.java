package io.bankofthings.lending.monitoring;

import io.bankofthings.lending.loan.LoanApplications;
import io.bankofthings.lending.processes.MonitoringProcess;
import io.bankofthings.lending.resume.EngineGeneration;
import io.bankofthings.lending.resume.ProcessResumer;
import io.bankofthings.lending.resume.ResumableProcess;
import io.bankofthings.lending.task.UserTaskInbox;
import io.camunda.client.CamundaClient;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Gives an open alert whose post-loan-monitoring instance was lost with the in-memory engine a new instance, started
 * where its stored status and responses say it was ({@link AlertResumePlan}), and records the new instance key and
 * engine generation. The alert row stays locked while the instance is created and the generation is checked again
 * under the lock, so an alert is resumed once. An alert with nothing left to run only records the current generation,
 * so the sweep does not look at it again until the next restart. The sweep after start-up and its retries are
 * {@link ProcessResumer}'s.
 */
@Component
public class AlertProcessResumer implements ResumableProcess {

    private static final Logger LOG = LoggerFactory.getLogger(AlertProcessResumer.class);

    private final CamundaClient client;
    private final Alerts alerts;
    private final LoanApplications applications;
    private final TransactionTemplate tx;
    private final EngineGeneration generation;
    private final UserTaskInbox inbox;
    private final Clock clock;

    public AlertProcessResumer(CamundaClient client, Alerts alerts, LoanApplications applications, TransactionTemplate tx,
            EngineGeneration generation, UserTaskInbox inbox, Clock clock) {
        this.client = client;
        this.alerts = alerts;
        this.applications = applications;
        this.tx = tx;
        this.generation = generation;
        this.inbox = inbox;
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
    public List<String> findLost(EngineGeneration current, int limit) {
        return alerts.findLostInstances(current, limit);
    }

    @Override
    public Optional<String> resume(String alertId) {
        return tx.execute(status -> {
            var alert = alerts.findForUpdate(alertId).orElseThrow(() -> new AlertNotFoundException(alertId));
            if (alert.publishedAt() == null || !generation.lost(alerts.processGeneration(alertId).orElse(null))) {
                return Optional.<String>empty();
            }
            String loanState = applications.find(alert.loanId()).map(a -> a.status().name()).orElse("UNKNOWN");
            var point = AlertResumePlan.resumePoint(alert, loanState, alerts.progress(alertId), clock.instant());
            if (point.isEmpty()) {
                alerts.setProcessInstance(alertId, null, generation.current());
                return Optional.<String>empty();
            }
            // the investigation task of the lost instance can no longer be completed; the new instance opens its own
            inbox.closeAll(MonitoringProcess.PROCESS_ID, alertId, ProcessResumer.ENGINE_RESTARTED);
            long instance = point.get().startIn(client, MonitoringProcess.PROCESS_ID);
            alerts.setProcessInstance(alertId, instance, generation.current());
            LOG.info("Alert {} of loan {} ({}) resumed before {} in process instance {}; instance {} was lost with its engine",
                    alertId, alert.loanId(), alert.status(), point.get().elementId(), instance, alert.processInstanceKey());
            return Optional.of(alert.status());
        });
    }
}
