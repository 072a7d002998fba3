package io.bankofthings.lending.ingestion.web;

import io.bankofthings.lending.ingestion.RejectionReason;
import io.bankofthings.lending.ingestion.TelemetryBatchStore;
import java.util.List;

/**
 * What became of one webhook request.
 *
 * @param platform the platform of the path
 * @param received readings in the request
 * @param accepted readings proven authentic and now durable
 * @param duplicates authentic readings dropped because the request held the same device and sequence earlier
 * @param storage where the accepted readings went: Parquet on S3, or the PostgreSQL spool during an S3 outage
 * @param rejected the readings refused, each kept in quarantine with its reason
 */
public record WebhookReceipt(
        String platform,
        int received,
        int accepted,
        int duplicates,
        TelemetryBatchStore.Outcome storage, List<Rejection> rejected) {

    /**
     * One refused reading.
     *
     * @param index position of the reading in the request, from 0
     * @param reason the rejection reason
     * @param detail the field and value at fault
     */
    public record Rejection(int index, RejectionReason reason, String detail) {}

    /** Copies the rejections. */
    public WebhookReceipt {
        rejected = List.copyOf(rejected);
    }
}
