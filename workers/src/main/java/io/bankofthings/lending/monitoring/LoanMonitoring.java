package io.bankofthings.lending.monitoring;

import io.bankofthings.lending.loan.LoanApplication;
import io.bankofthings.lending.loan.LoanApplicationNotFoundException;
import io.bankofthings.lending.loan.LoanApplications;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Starts and ends the monitoring of a loan. Enrolment stores the loan and its collateral to watch (idempotent by
 * loanId); from then on telemetry and the schedule raise alerts, and each alert runs as its own short process
 * instance. Closing the loan ends every open alert instance and stops new alerts.
 */
@Service
public class LoanMonitoring {

    private static final Logger LOG = LoggerFactory.getLogger(LoanMonitoring.class);

    private final LoanApplications applications;
    private final WatchedCollaterals watched;
    private final Alerts alerts;
    private final MonitoringAudit audit;
    private final MonitoringMessages messages;
    private final MonitoringSettings settings;
    private final TransactionTemplate tx;
    private final Clock clock;

    public LoanMonitoring(LoanApplications applications, WatchedCollaterals watched, Alerts alerts, MonitoringAudit audit,
            MonitoringMessages messages, MonitoringSettings settings, TransactionTemplate tx, Clock clock) {
        this.applications = applications;
        this.watched = watched;
        this.alerts = alerts;
        this.audit = audit;
        this.messages = messages;
        this.settings = settings;
        this.tx = tx;
        this.clock = clock;
    }

    /** Enrols a disbursed loan with the default terms for every item; see {@link #startFor(String, Map)}. */
    public boolean startFor(String loanId) {
        return startFor(loanId, Map.of());
    }

    /**
     * Enrols a disbursed loan: one watched row per collateral item with its device, geofence, offline threshold,
     * covenant minimum operating rate, pledged quantity and valuation inputs. A second call changes nothing.
     *
     * @param terms per collateralId, what the agreement says; without an entry an item's geofence is its recorded site
     *     (else the configured default) and its other terms the defaults; the item's first bound device is watched
     * @return true when the loan was enrolled now, false when it already was
     */
    public boolean startFor(String loanId, Map<String, CollateralTerms> terms) {
        Instant now = clock.instant();
        boolean enrolled = Boolean.TRUE.equals(tx.execute(status -> {
            LoanApplication loan = applications.find(loanId).orElseThrow(() -> new LoanApplicationNotFoundException(loanId));
            var enrolment = new Enrolment(loanId, loan.borrowerId(), Enrolment.ACTIVE, loan.principalMinor(), loan.currency(),
                    settings.ltvLimit(), now);
            if (!watched.insertEnrolment(enrolment)) {
                return false;
            }
            for (var item : loan.collateral()) {
                var t = terms.getOrDefault(item.collateralId(), CollateralTerms.DEFAULTS);
                var site = item.site();
                var geofence = t.geofence() != null ? t.geofence()
                        : site != null ? new Geofence.Circle(site.latitude(), site.longitude(), site.radiusMeters())
                        : settings.defaultGeofence();
                watched.insertCollateral(new WatchedCollateral(
                        item.collateralId(),
                        loanId,
                        item.deviceId(),
                        geofence,
                        t.offlineThreshold() != null ? t.offlineThreshold() : settings.offlineThreshold(),
                        t.minOperatingRate() != null ? t.minOperatingRate() : settings.minOperatingRate(),
                        t.pledgedQuantity(),
                        item.declaredValueMinor(),
                        null,
                        Math.round(item.declaredValueMinor() * settings.depreciationPerHourRate()),
                        now,
                        null,
                        null));
            }
            audit.record(MonitoringAudit.SYSTEM, "MONITORING_STARTED", loanId, null, null,
                    Map.of("collateralItems", loan.collateral().size()));
            return true;
        }));
        if (enrolled) {
            LOG.info("Loan {} enrolled in post-loan monitoring", loanId);
        }
        return enrolled;
    }

    /**
     * Ends the monitoring of a repaid or written-off loan: no further alerts, open warnings end, and every open alert
     * instance of the loan is ended by the message {@code loan-monitoring-closed} (which releases its freeze).
     * Repeating the call is harmless.
     *
     * @param reason e.g. REPAID or WRITTEN_OFF
     * @throws RuntimeException when the engine cannot be reached; the loan is closed in the database then, call again
     */
    public void loanClosed(String loanId, String reason) {
        Instant now = clock.instant();
        tx.executeWithoutResult(status -> {
            if (watched.close(loanId, reason, now)) {
                audit.record(MonitoringAudit.SYSTEM, "MONITORING_ENDED", loanId, null, null, Map.of("reason", reason));
            }
            for (var alert : alerts.openOfLoan(loanId)) {
                if (alert.severity() == Severity.WARNING) {
                    alerts.resolve(alert.alertId(), Alert.CLOSED, MonitoringAudit.SYSTEM, now);
                }
            }
        });
        messages.loanClosed(loanId, reason);
        LOG.info("Loan {} closed for monitoring ({})", loanId, reason);
    }
}
