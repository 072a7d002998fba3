package io.bankofthings.lending.ingestion;

/** Camel message headers and exchange properties shared by the ingestion routes, independent of the transport. */
public final class IngestionHeaders {

    /** Where a message came from: MQTT topic or webhook path; recorded with quarantined messages. */
    public static final String SOURCE = "LendingIngestionSource";

    /** Id of a batch of readings; the Parquet object keys of the batch derive from it, so a retry overwrites. */
    public static final String BATCH_ID = "LendingTelemetryBatchId";

    /** Exchange property holding the {@link TelemetryRejectedException} of a message sent to quarantine. */
    public static final String REJECTION = "LendingTelemetryRejection";

    /**
     * Exchange property set to {@code true} once a rejected message is quarantined; a message's own exchange is
     * acknowledged to the transport on completion only with it ({@link DurableSessionMqttComponent}).
     */
    public static final String DURABLE = "LendingTelemetryDurable";

    /** Exchange property holding the {@link TransportAcknowledgement} of one received message. */
    public static final String ACKNOWLEDGEMENT = "LendingTransportAcknowledgement";

    /** Exchange property of a batch: the {@link TransportAcknowledgement}s of its messages, sent once it is stored. */
    public static final String ACKNOWLEDGEMENTS = "LendingTransportAcknowledgements";

    private IngestionHeaders() {}
}
