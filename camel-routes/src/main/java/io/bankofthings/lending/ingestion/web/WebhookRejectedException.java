package io.bankofthings.lending.ingestion.web;

import io.bankofthings.lending.ingestion.RejectionReason;
import java.util.List;

/**
 * Signals that a webhook request was refused as a whole: its body is unreadable, or every reading in it was
 * rejected; the refused input is already in quarantine.
 */
public class WebhookRejectedException extends RuntimeException {

    private final RejectionReason reason;
    private final List<WebhookReceipt.Rejection> rejections;

    WebhookRejectedException(RejectionReason reason, String message, List<WebhookReceipt.Rejection> rejections) {
        super(message);
        this.reason = reason;
        this.rejections = List.copyOf(rejections);
    }

    /** Returns the reason of the first rejection. */
    public RejectionReason reason() {
        return reason;
    }

    /** Returns every rejected reading with its index. */
    public List<WebhookReceipt.Rejection> rejections() {
        return rejections;
    }
}
