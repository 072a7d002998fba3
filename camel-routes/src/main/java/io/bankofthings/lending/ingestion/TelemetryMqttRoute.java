package io.bankofthings.lending.ingestion;

import jakarta.annotation.PreDestroy;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Constants;
import org.springframework.stereotype.Component;

/**
 * Ingests device telemetry from MQTT: one signed reading per message on {@code lending.mqtt.topic-filter}, proven
 * authentic ({@link ReadingAuthenticity}), batched by size or time into Parquet objects ({@link TelemetryBatchStore}).
 *
 * <p>Messages are acknowledged to the broker only after their batch is stored (or the message is quarantined), so
 * a crash, a failed batch or a stop before that makes the broker deliver them again: at-least-once. The
 * acknowledgements travel with the batch ({@link TelemetryBatchAggregation}) and are sent by the route right after
 * the store. A batch is written under keys derived from
 * its batch id, so a retried write overwrites instead of duplicating; a message redelivered after a crash between
 * store and acknowledgement is stored twice, so readers deduplicate by device id and sequence.
 */
@Component
public class TelemetryMqttRoute extends RouteBuilder {

    /** Id of the route. */
    public static final String ROUTE_ID = "telemetry-mqtt-ingest";

    /** How long the last batches may take to store when the application stops, in seconds. */
    static final long BATCH_SHUTDOWN_TIMEOUT_SECONDS = 30;

    /** Largest receive maximum MQTT 5 allows: QoS 1 messages in flight to this consumer. */
    static final int MAX_RECEIVE_MAXIMUM = 65_535;

    private final MqttSettings settings;
    private final MqttTelemetryHandler handler;
    private final TelemetryBatchStore store;
    private final StoredReadingsNotifier stored;

    /**
     * Stores completed batches; owned by the route, not by Camel, so the batches completed while the route stops are
     * still stored instead of being refused by a pool Camel already shut down (Camel would then acknowledge their
     * messages without storing them). Shut down after the Camel context, waiting for the last batches.
     */
    private final ExecutorService batchExecutor = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("telemetry-batch-store").daemon(false).factory());

    /**
     * Subscribes with {@code settings}, parses with {@code handler}, stores batches with {@code store} and hands the
     * readings each batch stored (without its in-batch duplicates, as the webhooks do) to {@code stored} (the alert
     * rules of post-loan monitoring), after the acknowledgements.
     */
    public TelemetryMqttRoute(
            MqttSettings settings, MqttTelemetryHandler handler, TelemetryBatchStore store, StoredReadingsNotifier stored) {
        this.settings = settings;
        this.handler = handler;
        this.store = store;
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
                .completeAllOnStop()
                .executorService(batchExecutor)
                // store, acknowledge, notify: the store answers with what it wrote (in-batch duplicates dropped),
                // and that is what the listeners get
                .bean(store, "store")
                .process(TelemetryBatchAggregation::acknowledge)
                .bean(stored, "notifyStored")
                .end();
    }

    /** Lets the last batches finish once the Camel context has stopped. */
    @PreDestroy
    void awaitLastBatches() throws InterruptedException {
        batchExecutor.shutdown();
        if (!batchExecutor.awaitTermination(BATCH_SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            batchExecutor.shutdownNow();
        }
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
