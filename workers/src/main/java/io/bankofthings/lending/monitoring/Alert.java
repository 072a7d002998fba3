package io.bankofthings.lending.monitoring;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A stored alert.
 *
 * @param status RAISED, NOTIFIED, INVESTIGATING, CONFIRMED, MARGIN_CALL, CLEARED, COLLECTIONS or CLOSED
 * @param response the alert-response decision once recorded, else null
 * @param resolvedAt when the alert ended (cleared, closed, handed over, warning condition gone), else null
 */
public record Alert(
        String alertId,
        String loanId,
        String collateralId,
        String deviceId,
        AlertType type,
        Severity severity,
        String status,
        Map<String, Object> evidence,
        Instant observedAt,
        Instant raisedAt,
        @Nullable Instant publishedAt,
        @Nullable Map<String, Object> response,
        @Nullable Long processInstanceKey,
        @Nullable Instant resolvedAt,
        @Nullable String resolvedBy) {

    public static final String RAISED = "RAISED";
    public static final String NOTIFIED = "NOTIFIED";
    public static final String INVESTIGATING = "INVESTIGATING";
    public static final String CONFIRMED = "CONFIRMED";
    public static final String MARGIN_CALL = "MARGIN_CALL";
    public static final String CLEARED = "CLEARED";
    public static final String COLLECTIONS = "COLLECTIONS";
    public static final String CLOSED = "CLOSED";
}
