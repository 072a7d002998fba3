package io.bankofthings.lending.monitoring;

import io.bankofthings.lending.processes.MonitoringProcess;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientStatusException;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Publishes the post-loan-monitoring messages. Each carries a message id, so the engine refuses a second message with
 * the same id while the first is buffered (ALREADY_EXISTS): a repeated publish counts as done and correlates once.
 */
@Component
public class MonitoringMessages {

    private static final Logger LOG = LoggerFactory.getLogger(MonitoringMessages.class);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final CamundaClient client;
    private final Duration ttl;

    public MonitoringMessages(CamundaClient client, MonitoringSettings settings) {
        this.client = client;
        this.ttl = settings.alertMessageTtl();
    }

    /** Starts the alert's process instance: message id and correlation key are the alert id. */
    public void alertRaised(Alert alert, String loanState) {
        publish(MonitoringProcess.MESSAGE_ALERT, alert.alertId(), alert.alertId(), ttl, Map.of(
                "alertId", alert.alertId(),
                "loanId", alert.loanId(),
                "collateralId", alert.collateralId(),
                "alertType", alert.type().name(),
                "severity", alert.severity().name(),
                "loanState", loanState));
    }

    /** The alert's condition ended, e.g. the collateral is back on its site; clears an open investigation. */
    public void conditionResolved(String alertId, String reason) {
        publish(MonitoringProcess.MESSAGE_CONDITION_RESOLVED, alertId, "resolved:" + alertId, ttl,
                Map.of("resolution", Map.of("by", MonitoringAudit.SYSTEM, "reason", reason)));
    }

    public void marginCallMet(String alertId, String by, String reason) {
        publish(MonitoringProcess.MESSAGE_MARGIN_CALL_MET, alertId, "margin-call-met:" + alertId, ttl,
                Map.of("resolution", Map.of("by", by, "reason", reason)));
    }

    /** Ends the open alert instances of the loan; not buffered, since later alerts are not raised for a closed loan. */
    public void loanClosed(String loanId, String reason) {
        publish(MonitoringProcess.MESSAGE_LOAN_CLOSED, loanId, "closed:" + loanId, Duration.ZERO,
                Map.of("closeReason", reason));
    }

    private void publish(String name, String correlationKey, String messageId, Duration timeToLive, Map<String, Object> variables) {
        try {
            client.newPublishMessageCommand()
                    .messageName(name)
                    .correlationKey(correlationKey)
                    .messageId(messageId)
                    .timeToLive(timeToLive)
                    .variables(variables)
                    .requestTimeout(REQUEST_TIMEOUT)
                    .send()
                    .join();
            LOG.info("Published {} for {}", name, correlationKey);
        } catch (ClientStatusException e) {
            if (e.getStatusCode() == io.grpc.Status.Code.ALREADY_EXISTS) {
                LOG.info("Message {} {} was already published; the engine correlates it once", name, messageId);
                return;
            }
            throw e;
        }
    }
}
