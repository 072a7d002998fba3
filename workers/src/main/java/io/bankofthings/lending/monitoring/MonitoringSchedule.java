package io.bankofthings.lending.monitoring;

import io.bankofthings.lending.config.ConditionalOnWorkersRole;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The scheduled rules: the offline check (silence measured from the server's receive time of the last reading, not
 * the device clock), the periodic covenant review of every loan under monitoring and the retry of alerts not yet
 * published to the engine. Only on replicas with the workers role ({@code lending.roles.workers}).
 */
@Component
@ConditionalOnWorkersRole
public class MonitoringSchedule {

    private static final Logger LOG = LoggerFactory.getLogger(MonitoringSchedule.class);

    private final WatchedCollaterals watched;
    private final AlertService alerts;
    private final CovenantReviews reviews;
    private final AlertRules rules;
    private final Clock clock;

    public MonitoringSchedule(WatchedCollaterals watched, AlertService alerts, CovenantReviews reviews,
            MonitoringSettings settings, Clock clock) {
        this.watched = watched;
        this.alerts = alerts;
        this.reviews = reviews;
        this.rules = new AlertRules(settings.earlyWarningRatio());
        this.clock = clock;
    }

    /** Raises OFFLINE warnings and breaches for silent devices. */
    @Scheduled(fixedDelayString = "${lending.monitoring.offline-check-interval:PT1M}",
            initialDelayString = "${lending.monitoring.offline-check-interval:PT1M}")
    public void checkOffline() {
        var now = clock.instant();
        for (var item : watched.allActive()) {
            var result = rules.offline(item, now);
            if (result.alert() != null) {
                alerts.raise(result.alert());
            }
        }
    }

    /** Publishes the alerts stored while the engine was unreachable. */
    @Scheduled(fixedDelayString = "${lending.monitoring.publish-retry-interval:PT5S}",
            initialDelayString = "${lending.monitoring.publish-retry-interval:PT5S}")
    public void publishPendingAlerts() {
        alerts.publishPending();
    }

    /** Reviews every loan under monitoring. */
    @Scheduled(fixedDelayString = "${lending.monitoring.covenant-review-interval:P1D}",
            initialDelayString = "${lending.monitoring.covenant-review-interval:P1D}")
    public void reviewCovenants() {
        for (var loan : watched.activeEnrolments()) {
            try {
                reviews.review(loan.loanId());
            } catch (RuntimeException e) {
                LOG.error("Covenant review of loan {} failed; the next review runs as scheduled", loan.loanId(), e);
            }
        }
    }
}
