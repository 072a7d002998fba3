package io.bankofthings.lending.ingestion;

/**
 * Signals that a message cannot become a reading; a business outcome that sends the message to quarantine, not a
 * technical fault to retry.
 *
 * <p>The message reads {@code REASON: detail}; the detail names the field and the offending value.
 */
public class TelemetryRejectedException extends RuntimeException {

    private final RejectionReason reason;

    /** Creates a rejection for {@code reason} with a detail that names the field and value. */
    public TelemetryRejectedException(RejectionReason reason, String detail) {
        super(reason + ": " + detail);
        this.reason = reason;
    }

    /** Returns why the message was rejected. */
    public RejectionReason reason() {
        return reason;
    }
}
