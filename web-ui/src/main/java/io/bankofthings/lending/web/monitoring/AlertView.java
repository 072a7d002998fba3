package io.bankofthings.lending.web.monitoring;

import io.bankofthings.lending.monitoring.Alert;
import io.bankofthings.lending.monitoring.MonitoringAudit;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An alert as the API shows it; the audit trail and freeze state only in the detail.
 *
 * @param creditLineFrozen whether the loan's credit line is frozen now (by any alert), null in lists
 * @param trail who did what on the alert, oldest first; null in lists
 */
record AlertView(
        String alertId,
        String loanId,
        String collateralId,
        String deviceId,
        String type,
        String severity,
        String status,
        Map<String, Object> evidence,
        Instant observedAt,
        Instant raisedAt,
        @Nullable Map<String, Object> response,
        @Nullable Instant resolvedAt,
        @Nullable String resolvedBy,
        @Nullable Boolean creditLineFrozen,
        @Nullable List<TrailEntry> trail) {

    /** One audited action on the alert. */
    record TrailEntry(Instant at, String actor, String action, @Nullable Long processInstanceKey, Map<String, Object> detail) {}

    static AlertView summary(Alert a) {
        return new AlertView(a.alertId(), a.loanId(), a.collateralId(), a.deviceId(), a.type().name(), a.severity().name(),
                a.status(), a.evidence(), a.observedAt(), a.raisedAt(), a.response(), a.resolvedAt(), a.resolvedBy(), null,
                null);
    }

    static AlertView detail(Alert a, boolean frozen, List<MonitoringAudit.Entry> trail) {
        var entries = trail.stream()
                .map(e -> new TrailEntry(e.at(), e.actor(), e.action(), e.processInstanceKey(), e.detail()))
                .toList();
        return new AlertView(a.alertId(), a.loanId(), a.collateralId(), a.deviceId(), a.type().name(), a.severity().name(),
                a.status(), a.evidence(), a.observedAt(), a.raisedAt(), a.response(), a.resolvedAt(), a.resolvedBy(), frozen,
                entries);
    }
}
