package io.bankofthings.lending.storage;

/**
 * Names of the Micrometer meters that ingestion registers and the operations console reads, in one place so that the
 * writer ({@code IngestionMetrics} in camel-routes) and the readers (web-ui, which must not depend on camel-routes)
 * cannot drift apart.
 */
public final class IngestionMeterNames {

    /** Counter of readings accepted as authentic and durable; tag {@link #TRANSPORT_TAG}. */
    public static final String READINGS_ACCEPTED = "lending.ingestion.readings.accepted";

    /** Counter of readings written to Parquet. */
    public static final String READINGS_STORED = "lending.ingestion.readings.stored";

    /** Counter of telemetry batches written to Parquet. */
    public static final String BATCHES_STORED = "lending.ingestion.batches.stored";

    /** Counter of Parquet bytes written, in bytes. */
    public static final String BYTES_STORED = "lending.ingestion.bytes.stored";

    /** Counter of accepted readings kept in the PostgreSQL spool during an S3 outage. */
    public static final String READINGS_SPOOLED = "lending.ingestion.readings.spooled";

    /** Counter of incoming messages rejected and quarantined; tag {@link #REASON_TAG}. */
    public static final String MESSAGES_QUARANTINED = "lending.ingestion.messages.quarantined";

    /** Gauge of rows waiting in the PostgreSQL spool. */
    public static final String SPOOL_SIZE = "lending.ingestion.spool.size";

    /** Gauge of the age of the oldest spooled row, in seconds. */
    public static final String SPOOL_AGE_SECONDS = "lending.ingestion.spool.age.seconds";

    /** Gauge of the time from the newest reading's timestamp to its storage for the latest batch, in seconds. */
    public static final String LAG_SECONDS = "lending.ingestion.lag.seconds";

    /** Tag on {@link #READINGS_ACCEPTED}: {@code mqtt} or {@code webhook}. */
    public static final String TRANSPORT_TAG = "transport";

    /** Tag on {@link #MESSAGES_QUARANTINED}: the rejection reason's name. */
    public static final String REASON_TAG = "reason";

    private IngestionMeterNames() {}
}
