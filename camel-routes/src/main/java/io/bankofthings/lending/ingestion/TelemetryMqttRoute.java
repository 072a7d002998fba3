package io.bankofthings.lending.ingestion;

import io.bankofthings.lending.storage.TelemetryParquetWriter;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Constants;
import org.springframework.stereotype.Component;

/**
 * Ingests device telemetry from MQTT: one reading per message on {@code lending.mqtt.topic-filter}, batched by size
 * or time into Parquet objects.
 *
 * <p>Messages are acknowledged to the broker only after their batch is stored (or the message is quarantined), so
 * a crash before that makes the broker deliver them again: at-least-once. A batch is written under keys derived from
 * its batch id, so a retried write overwrites instead of duplicating; a message redelivered after a crash between
 * store and acknowledgement is stored twice, so readers deduplicate by device id and sequence.
 */
@Component
public class TelemetryMqttRoute extends RouteBuilder {

    /** Id of the route. */
    public static final String ROUTE_ID = "telemetry-mqtt-ingest";

    /** Largest receive maximum MQTT 5 allows: QoS 1 messages in flight to this consumer. */
    static final int MAX_RECEIVE_MAXIMUM = 65_535;

    private final MqttSettings settings;
    private final MqttTelemetryHandler handler;
    private final TelemetryParquetWriter writer;
    private final IngestionMetrics metrics;
    private final StoredReadingsNotifier stored;

    /**
     * Subscribes with {@code settings}, parses with {@code handler}, writes batches with {@code writer} and hands each
     * stored batch to {@code stored} (alert rules).
     */
    public TelemetryMqttRoute(
            MqttSettings settings,
            MqttTelemetryHandler handler,
            TelemetryParquetWriter writer,
            IngestionMetrics metrics,
            StoredReadingsNotifier stored) {
        this.settings = settings;
        this.handler = handler;
        this.writer = writer;
        this.metrics = metrics;
        this.stored = stored;
    }

    @Override
    public void configure() {
        from(endpointUri())
                .routeId(ROUTE_ID)
                .routeConfigurationId(IngestionErrorHandling.ID)
                .setHeader(IngestionHeaders.SOURCE, header(PahoMqtt5Constants.MQTT_TOPIC))
                .bean(handler, "toReading")
                .aggregate(constant(true), new TelemetryBatchAggregation())
                .completionSize(settings.batchSize())
                .completionTimeout(settings.batchTimeout().toMillis())
                .forceCompletionOnStop()
                .setProperty(StoredReadingsNotifier.READINGS, body())
                .bean(writer, "write(${header.%s}, ${body})".formatted(IngestionHeaders.BATCH_ID))
                .bean(metrics, "batchStored")
                .bean(stored, "notifyStored")
                .end();
    }

    /**
     * Returns the consumer URI: durable session, manual acknowledgements, credentials as RAW values; the
     * {@link DurableSessionMqttComponent} sets its callback before it connects, so no queued message is missed.
     */
    String endpointUri() {
        StringBuilder uri = new StringBuilder(DurableSessionMqttComponent.SCHEME).append(':')
                .append(settings.topicFilter())
                .append("?brokerUrl=RAW(").append(settings.url()).append(')')
                .append("&clientId=RAW(").append(settings.clientId()).append(')')
                .append("&qos=").append(settings.qos())
                .append("&cleanStart=false")
                .append("&sessionExpiryInterval=").append(settings.sessionExpiry().toSeconds())
                .append("&manualAcksEnabled=true")
                .append("&receiveMaximum=")
                .append(Math.min(MAX_RECEIVE_MAXIMUM, Math.max(2L * settings.batchSize(), 1_000)));
        if (settings.username() != null) {
            uri.append("&userName=RAW(").append(settings.username()).append(')');
        }
        if (settings.password() != null) {
            uri.append("&password=RAW(").append(settings.password()).append(')');
        }
        return uri.toString();
    }
}
