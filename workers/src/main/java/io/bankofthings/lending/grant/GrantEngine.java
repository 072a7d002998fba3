package io.bankofthings.lending.grant;

import io.bankofthings.lending.processes.GrantProcess;
import io.camunda.client.CamundaClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Talks to the authorization-grant process: starts it and publishes its messages, always correlated by grantId and
 * with a message id, so a repeated publish is dropped by the engine. Variables stay small: ids and limits.
 */
@Component
public class GrantEngine {

    private static final Logger LOG = LoggerFactory.getLogger(GrantEngine.class);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** Revocations and changes wait for the instance if it is busy in a job. */
    private static final Duration BUFFERED = Duration.ofHours(1);

    private final CamundaClient client;

    public GrantEngine(CamundaClient client) {
        this.client = client;
    }

    /** The variables the process and its risk table work on. */
    static Map<String, Object> variables(Grant grant, ThingKind kind) {
        var variables = new HashMap<String, Object>();
        variables.put("grantId", grant.grantId());
        variables.put("thingId", grant.thingId());
        variables.put("ownerId", grant.ownerId());
        variables.put("thingKind", kind.name());
        variables.put("currency", grant.limits().currency());
        variables.put("maxPerTransactionMinor", grant.limits().maxPerTransactionMinor());
        variables.put("monthlyExposureMinor", grant.limits().monthlyExposureMinor());
        variables.put("validUntil", grant.limits().validUntil().toString());
        variables.put("version", grant.version());
        return variables;
    }

    long start(Grant grant, ThingKind kind) {
        try {
            var instance = client.newCreateInstanceCommand()
                    .bpmnProcessId(GrantProcess.PROCESS_ID)
                    .latestVersion()
                    .variables(variables(grant, kind))
                    .requestTimeout(REQUEST_TIMEOUT)
                    .send()
                    .join();
            return instance.getProcessInstanceKey();
        } catch (RuntimeException e) {
            throw new ProcessEngineUnavailableException("Grant " + grant.grantId() + " process could not be started", e);
        }
    }

    void publishLimitsChanged(Grant changed, ThingKind kind) {
        publish(GrantProcess.MESSAGE_LIMITS_CHANGED, changed.grantId(),
                "limits:" + changed.grantId() + ":" + changed.version(), variables(changed, kind), BUFFERED);
    }

    void publishRevoked(String grantId, String revokedBy) {
        publish(GrantProcess.MESSAGE_REVOKED, grantId, "revoked:" + grantId, Map.of("revokedBy", revokedBy), BUFFERED);
    }

    /** Not buffered: a resumption only means something to a suspended grant waiting for it now. */
    void publishResumed(String grantId, String resumedBy, String messageId) {
        publish(GrantProcess.MESSAGE_RESUMED, grantId, messageId, Map.of("resumedBy", resumedBy), Duration.ZERO);
    }

    /** Not buffered: a warning only suspends a grant that is active now. */
    void publishRiskWarning(String grantId, String messageId, String kind, String rule) {
        var warning = new HashMap<String, Object>();
        warning.put("kind", kind);
        warning.put("rule", rule);
        publish(GrantProcess.MESSAGE_RISK_WARNING, grantId, messageId, Map.of("warning", warning), Duration.ZERO);
    }

    private void publish(String message, String grantId, String messageId, Map<String, Object> variables, Duration ttl) {
        try {
            client.newPublishMessageCommand()
                    .messageName(message)
                    .correlationKey(grantId)
                    .messageId(messageId)
                    .timeToLive(ttl)
                    .variables(variables)
                    .requestTimeout(REQUEST_TIMEOUT)
                    .send()
                    .join();
            LOG.info("Published {} for grant {} (message id {})", message, grantId, messageId);
        } catch (RuntimeException e) {
            if (isAlreadyPublished(e)) {
                LOG.info("Message {} for grant {} was published already (message id {})", message, grantId, messageId);
                return;
            }
            throw new ProcessEngineUnavailableException("Message " + message + " for grant " + grantId + " was not published", e);
        }
    }

    private static boolean isAlreadyPublished(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("ALREADY_EXISTS")) {
                return true;
            }
        }
        return false;
    }
}
