package io.bankofthings.lending.monitoring;

import io.bankofthings.lending.ledger.CreditLineFreezes;
import io.bankofthings.lending.processes.MonitoringProcess;
import io.bankofthings.lending.task.UserTaskInbox;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The responses to an alert, called by the process's job workers. Each is idempotent (a job delivered twice acts
 * once) and audited with the process instance.
 */
@Service
public class MonitoringActions {

    private static final Logger LOG = LoggerFactory.getLogger(MonitoringActions.class);

    private final Alerts alerts;
    private final WatchedCollaterals watched;
    private final CreditLineFreezes freezes;
    private final MonitoringAudit audit;
    private final UserTaskInbox inbox;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;

    public MonitoringActions(Alerts alerts, WatchedCollaterals watched, CreditLineFreezes freezes, MonitoringAudit audit,
            UserTaskInbox inbox, JdbcClient jdbc, TransactionTemplate tx, Clock clock) {
        this.alerts = alerts;
        this.watched = watched;
        this.freezes = freezes;
        this.audit = audit;
        this.inbox = inbox;
        this.jdbc = jdbc;
        this.tx = tx;
        this.clock = clock;
    }

    /** Records the alert-response decision on the alert. */
    public void recordResponse(String alertId, Map<String, Object> response, long processInstanceKey) {
        tx.executeWithoutResult(s -> {
            var alert = require(alertId);
            String status = switch (String.valueOf(response.get("action"))) {
                case "NOTIFY" -> Alert.NOTIFIED;
                case "INVESTIGATE" -> Alert.INVESTIGATING;
                case "MARGIN_CALL" -> Alert.MARGIN_CALL;
                case "COLLECTIONS" -> Alert.COLLECTIONS;
                default -> throw new IllegalArgumentException("Unknown alert response action for " + alertId + ": " + response.get("action"));
            };
            if (alert.response() != null) {
                return;
            }
            alerts.recordResponse(alertId, response, status, processInstanceKey);
            audit.record(MonitoringAudit.SYSTEM, "RESPONSE_DECIDED", alert.loanId(), alertId, processInstanceKey, response);
        });
    }

    /** Warns the borrower once per alert (a notification record the portal shows). */
    public void notifyBorrower(String alertId, long processInstanceKey) {
        tx.executeWithoutResult(s -> {
            var alert = require(alertId);
            var loan = watched.enrolment(alert.loanId()).orElseThrow();
            String message = (alert.severity() == Severity.WARNING ? "Early warning: " : "Alert: ")
                    + describe(alert.type()) + " for collateral " + alert.collateralId();
            int inserted = jdbc.sql("""
                            insert into borrower_notification (loan_id, borrower_id, alert_id, kind, message)
                            values (:loanId, :borrowerId, :alertId, :kind, :message) on conflict (alert_id, kind) do nothing""")
                    .param("loanId", alert.loanId())
                    .param("borrowerId", loan.borrowerId())
                    .param("alertId", alertId)
                    .param("kind", "ALERT_" + alert.severity().name())
                    .param("message", message)
                    .update();
            if (inserted == 1) {
                audit.record(MonitoringAudit.SYSTEM, "BORROWER_WARNED", alert.loanId(), alertId, processInstanceKey, Map.of());
            }
        });
    }

    /** Freezes the loan's undrawn credit line and further disbursements for this alert. */
    public void freezeCreditLine(String alertId, long processInstanceKey) {
        tx.executeWithoutResult(s -> {
            var alert = require(alertId);
            if (freezes.freeze(alert.loanId(), alertId, MonitoringAudit.SYSTEM)) {
                audit.record(MonitoringAudit.SYSTEM, "CREDIT_LINE_FROZEN", alert.loanId(), alertId, processInstanceKey, Map.of());
                LOG.info("Credit line of loan {} frozen by alert {}", alert.loanId(), alertId);
            }
        });
    }

    /** Operations confirmed the alert. */
    public void confirm(String alertId, String by, long processInstanceKey) {
        tx.executeWithoutResult(s -> {
            var alert = require(alertId);
            if (Alert.CONFIRMED.equals(alert.status())) {
                return;
            }
            alerts.setStatus(alertId, Alert.CONFIRMED);
            audit.record(by, "ALERT_CONFIRMED", alert.loanId(), alertId, processInstanceKey, Map.of());
        });
    }

    /** Issues a margin call with a deadline {@code days} from now. */
    public Instant issueMarginCall(String alertId, int days, long processInstanceKey) {
        return tx.execute(s -> {
            var alert = require(alertId);
            Instant deadline = clock.instant().plus(Duration.ofDays(days)).truncatedTo(java.time.temporal.ChronoUnit.MICROS);
            int inserted = jdbc.sql("""
                            insert into margin_call (alert_id, loan_id, deadline, status) values (:alertId, :loanId, :deadline, 'OPEN')
                            on conflict (alert_id) do nothing""")
                    .param("alertId", alertId)
                    .param("loanId", alert.loanId())
                    .param("deadline", Timestamp.from(deadline))
                    .update();
            if (inserted == 1) {
                alerts.setStatus(alertId, Alert.MARGIN_CALL);
                audit.record(MonitoringAudit.SYSTEM, "MARGIN_CALL_ISSUED", alert.loanId(), alertId, processInstanceKey,
                        Map.of("deadline", deadline.toString(), "days", days));
                return deadline;
            }
            return jdbc.sql("select deadline from margin_call where alert_id = :id").param("id", alertId)
                    .query(Timestamp.class).single().toInstant();
        });
    }

    /**
     * Clears the alert and releases its freeze; the credit line stays frozen while other alerts hold freezes.
     *
     * @return whether the credit line is still frozen
     */
    public boolean clear(String alertId, String by, String reason, long processInstanceKey) {
        return Boolean.TRUE.equals(tx.execute(s -> {
            var alert = require(alertId);
            settleMarginCall(alertId, "MET");
            if (alerts.resolve(alertId, Alert.CLEARED, by, clock.instant())) {
                audit.record(by, "ALERT_CLEARED", alert.loanId(), alertId, processInstanceKey, Map.of("reason", reason));
            }
            releaseFreeze(alert, by, processInstanceKey);
            // an investigation ended by the telemetry (boundary event) leaves its task row open: close it
            inbox.closeAll(MonitoringProcess.PROCESS_ID, alertId, "cleared: " + reason);
            return freezes.isFrozen(alert.loanId());
        }));
    }

    /** Hands the loan over to collections for this alert; the freeze stays. */
    public void handOverToCollections(String alertId, long processInstanceKey) {
        tx.executeWithoutResult(s -> {
            var alert = require(alertId);
            settleMarginCall(alertId, "EXPIRED");
            int inserted = jdbc.sql("insert into collections_handover (alert_id, loan_id) values (:alertId, :loanId) on conflict do nothing")
                    .param("alertId", alertId)
                    .param("loanId", alert.loanId())
                    .update();
            alerts.resolve(alertId, Alert.COLLECTIONS, MonitoringAudit.SYSTEM, clock.instant());
            if (inserted == 1) {
                audit.record(MonitoringAudit.SYSTEM, "HANDED_OVER_TO_COLLECTIONS", alert.loanId(), alertId, processInstanceKey, Map.of());
                LOG.info("Loan {} handed over to collections for alert {}", alert.loanId(), alertId);
            }
        });
    }

    /** The loan closed: ends the alert, releases its freeze and closes its open investigation task. */
    public void close(String alertId, String reason, long processInstanceKey) {
        tx.executeWithoutResult(s -> {
            var alert = require(alertId);
            settleMarginCall(alertId, "CLOSED");
            if (alerts.resolve(alertId, Alert.CLOSED, MonitoringAudit.SYSTEM, clock.instant())) {
                audit.record(MonitoringAudit.SYSTEM, "ALERT_CLOSED", alert.loanId(), alertId, processInstanceKey,
                        Map.of("reason", reason));
            }
            releaseFreeze(alert, MonitoringAudit.SYSTEM, processInstanceKey);
            inbox.closeAll(MonitoringProcess.PROCESS_ID, alertId, "loan closed: " + reason);
        });
    }

    private void releaseFreeze(Alert alert, String by, long processInstanceKey) {
        if (freezes.release(alert.loanId(), alert.alertId(), by)) {
            var detail = new LinkedHashMap<String, Object>();
            detail.put("stillFrozenBy", freezes.activeReasons(alert.loanId()));
            audit.record(by, "CREDIT_LINE_RELEASED", alert.loanId(), alert.alertId(), processInstanceKey, detail);
        }
    }

    private void settleMarginCall(String alertId, String status) {
        jdbc.sql("update margin_call set status = :status, settled_at = now() where alert_id = :id and status = 'OPEN'")
                .param("status", status)
                .param("id", alertId)
                .update();
    }

    private Alert require(String alertId) {
        return alerts.findForUpdate(alertId).orElseThrow(() -> new AlertNotFoundException(alertId));
    }

    private static String describe(AlertType type) {
        return switch (type) {
            case GEOFENCE -> "the collateral is away from its site";
            case OFFLINE -> "the collateral's device stopped reporting";
            case TAMPER -> "the collateral's device reports tampering";
            case OPERATING_RATE -> "the operating rate is below the covenant";
            case INVENTORY -> "the counted inventory is below the pledged quantity";
            case LTV -> "the loan-to-value is above its limit";
        };
    }
}
