package io.bankofthings.lending.monitoring;

import io.bankofthings.lending.loan.LoanApplications;
import io.bankofthings.lending.resume.EngineGeneration;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Raises alerts once and ends them when their condition goes away. An alert is stored first (the deterministic alert
 * id is the primary key, so a repeat is refused), then published as the message that starts its process instance
 * (message id = alert id, so the engine correlates it once). An alert stored while the engine is unreachable is
 * published by the periodic retry. The engine generation is recorded with the publication, so an instance lost with
 * the in-memory engine is found and resumed ({@link AlertProcessResumer}).
 */
@Service
public class AlertService {

    private static final Logger LOG = LoggerFactory.getLogger(AlertService.class);

    /** Breach types whose investigation the telemetry may clear once the condition is gone. */
    static final Set<AlertType> CLEARED_BY_TELEMETRY = EnumSet.of(AlertType.GEOFENCE, AlertType.OFFLINE);

    private final Alerts alerts;
    private final LoanApplications applications;
    private final MonitoringAudit audit;
    private final MonitoringMessages messages;
    private final Clock clock;
    private final EngineGeneration generation;

    public AlertService(Alerts alerts, LoanApplications applications, MonitoringAudit audit, MonitoringMessages messages,
            Clock clock, EngineGeneration generation) {
        this.generation = generation;
        this.alerts = alerts;
        this.applications = applications;
        this.audit = audit;
        this.messages = messages;
        this.clock = clock;
    }

    /**
     * Stores and publishes an alert unless the same alert exists or one of the same collateral, type and severity is
     * still open (one alert per episode).
     *
     * @return the stored alert, empty when it was a repeat
     */
    public Optional<Alert> raise(AlertCandidate candidate) {
        if (!alerts.open(candidate.collateralId(), candidate.type(), candidate.severity()).isEmpty()) {
            return Optional.empty();
        }
        if (!alerts.insert(candidate, clock.instant())) {
            LOG.info("Alert {} already recorded; not raised again", candidate.alertId());
            return Optional.empty();
        }
        audit.record(MonitoringAudit.SYSTEM, "ALERT_RAISED", candidate.loanId(), candidate.alertId(), null,
                Map.of("type", candidate.type().name(), "severity", candidate.severity().name(),
                        "collateralId", candidate.collateralId()));
        LOG.info("Alert {} raised for loan {} collateral {}", candidate.alertId(), candidate.loanId(), candidate.collateralId());
        var alert = alerts.find(candidate.alertId()).orElseThrow();
        publishQuietly(alert);
        return Optional.of(alert);
    }

    /**
     * The condition of this type no longer holds for the collateral: open warnings end, and an open breach the
     * telemetry may clear gets the {@code collateral-alert-resolved} message (once per alert).
     */
    public void conditionEnded(String collateralId, AlertType type, String reason) {
        Instant now = clock.instant();
        for (var warning : alerts.open(collateralId, type, Severity.WARNING)) {
            if (alerts.resolve(warning.alertId(), Alert.CLEARED, MonitoringAudit.SYSTEM, now)) {
                audit.record(MonitoringAudit.SYSTEM, "WARNING_ENDED", warning.loanId(), warning.alertId(),
                        warning.processInstanceKey(), Map.of("reason", reason));
            }
        }
        if (!CLEARED_BY_TELEMETRY.contains(type)) {
            return;
        }
        for (var breach : alerts.open(collateralId, type, Severity.BREACH)) {
            if (alerts.markConditionResolved(breach.alertId(), now)) {
                audit.record(MonitoringAudit.SYSTEM, "CONDITION_RESOLVED", breach.loanId(), breach.alertId(),
                        breach.processInstanceKey(), Map.of("reason", reason));
                messages.conditionResolved(breach.alertId(), reason);
            }
        }
    }

    /** Publishes alerts stored while the engine was unreachable; run by {@link MonitoringSchedule} on workers replicas. */
    public void publishPending() {
        for (var alert : alerts.unpublished(100)) {
            publishQuietly(alert);
        }
    }

    private void publishQuietly(Alert alert) {
        try {
            String loanState = applications.find(alert.loanId()).map(a -> a.status().name()).orElse("UNKNOWN");
            messages.alertRaised(alert, loanState);
            alerts.markPublished(alert.alertId(), clock.instant(), generation.current());
        } catch (RuntimeException e) {
            LOG.warn("Alert {} stored but not yet published ({}); it will be retried", alert.alertId(), e.toString());
        }
    }
}
