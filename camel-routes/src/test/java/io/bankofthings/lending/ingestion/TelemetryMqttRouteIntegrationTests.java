package io.bankofthings.lending.ingestion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bankofthings.lending.ingestion.embedded.EmbeddedMqttBroker;
import io.bankofthings.lending.storage.ObjectStore;
import io.bankofthings.lending.storage.QuarantineStore;
import io.bankofthings.lending.storage.QuarantinedMessage;
import io.bankofthings.lending.storage.StorageSettings;
import io.bankofthings.lending.storage.StoredReadingsListener;
import io.bankofthings.lending.storage.TelemetryMetrics;
import io.bankofthings.lending.storage.TelemetryParquetReader;
import io.bankofthings.lending.storage.TelemetryReading;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.camel.CamelContext;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Publishes JSON readings with a real MQTT 5 client to the embedded Artemis broker and reads the Parquet the route
 * wrote back from the embedded S3 server, both on free ports.
 */
@CamelSpringBootTest
@SpringBootTest(
        classes = TelemetryMqttRouteIntegrationTests.TestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = "logging.level." + EmbeddedMqttBroker.AUDIT_LOGGERS + "=WARN")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class TelemetryMqttRouteIntegrationTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String ACCESS_KEY = "route-test";
    private static final String SECRET_KEY = "route-test-secret";
    private static final Path DATA_DIR = createDataDir();
    private static final int MQTT_PORT = freePort();
    private static final int S3_PORT = freePort();

    @SpringBootApplication(scanBasePackages = "io.bankofthings.lending")
    static class TestApplication {

        @Bean(destroyMethod = "close")
        RestartableS3Server embeddedS3Server(StorageSettings settings) throws IOException {
            return new RestartableS3Server(
                    DATA_DIR.resolve("s3"),
                    settings.endpoint().getHost(),
                    settings.endpoint().getPort(),
                    settings.accessKey(),
                    settings.secretKey());
        }

        @Bean
        RecordingListener recordingListener() {
            return new RecordingListener();
        }

        @Bean
        RedeliveryCounter redeliveryCounter() {
            return new RedeliveryCounter();
        }

        @Bean(destroyMethod = "close")
        EmbeddedMqttBroker embeddedMqttBroker(MqttSettings settings) throws IOException {
            return EmbeddedMqttBroker.start(DATA_DIR.resolve("mqtt"), settings.url().getHost(), settings.url().getPort());
        }
    }

    /** Records every reading handed to the listeners, as the alert rules of post-loan monitoring get them. */
    static class RecordingListener implements StoredReadingsListener {

        final Queue<TelemetryReading> received = new ConcurrentLinkedQueue<>();

        @Override
        public void readingsStored(List<TelemetryReading> readings) {
            received.addAll(readings);
        }

        List<Long> sequencesOf(String deviceId) {
            return received.stream().filter(r -> r.deviceId().equals(deviceId)).map(TelemetryReading::sequence).toList();
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestPostgres.register(registry);
        // these tests are about the transport; signatures, freshness and replays are covered by the signed tests
        registry.add("lending.ingestion.authenticity", () -> "false");
        // the test checks the small objects ingestion writes: no compaction merges them
        registry.add("lending.storage.compaction.enabled", () -> "false");
        registry.add("lending.ingestion.master-key-file", () -> DATA_DIR.resolve("master.key").toString());
        registry.add("lending.mqtt.url", () -> "tcp://127.0.0.1:" + MQTT_PORT);
        registry.add("lending.mqtt.client-id", () -> "route-test-ingest");
        registry.add("lending.mqtt.batch-size", () -> "100");
        registry.add("lending.mqtt.batch-timeout", () -> "300ms");
        registry.add("lending.storage.endpoint", () -> "http://127.0.0.1:" + S3_PORT);
        registry.add("lending.storage.access-key", () -> ACCESS_KEY);
        registry.add("lending.storage.secret-key", () -> SECRET_KEY);
    }

    @Autowired
    CamelContext camel;

    @Autowired
    EmbeddedMqttBroker broker;

    @Autowired
    RestartableS3Server s3;

    @Autowired
    RedeliveryCounter redeliveries;

    @Autowired
    ObjectStore store;

    @Autowired
    TelemetryParquetReader reader;

    @Autowired
    QuarantineStore quarantine;

    @Autowired
    IngestionMetrics metrics;

    @Autowired
    RecordingListener listener;

    private MqttClient device;

    @BeforeEach
    void connectDevice() throws Exception {
        device = new MqttClient(broker.url().toString(), "test-device-" + UUID.randomUUID(), new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        device.connect(options);
    }

    @AfterEach
    void disconnectDevice() throws Exception {
        device.disconnect();
        device.close();
    }

    @Test
    void storesValidReadingsAsParquetByHourAndQuarantinesTheMalformedOne() throws Exception {
        String press = unique("press");
        String fridge = unique("fridge");
        long storedBefore = metrics.readingsStoredCount();
        long quarantinedBefore = metrics.quarantinedCount(RejectionReason.DEVICE_ID_MISMATCH);

        publish(press, """
                {"deviceId":"%s","ts":"2026-11-21T09:59:58Z","seq":1,"lat":31.2304,"lon":121.4737,
                 "metrics":{"powerOn":true,"operatingHours":1234.5,"currentAmps":3.25,"vibrationMmS":0.75}}"""
                .formatted(press));
        publish(press, "{\"ts\":\"2026-11-21T09:59:59Z\",\"seq\":2,\"metrics\":{\"powerOn\":false}}");
        publish(press, "{\"ts\":1795255200000,\"seq\":3,\"metrics\":{\"tamper\":true}}");
        publish(fridge, "{\"ts\":\"2026-11-21T10:15:00Z\",\"seq\":7,\"metrics\":{\"temperatureC\":4.5,\"inventoryCount\":12}}");
        String malformed = "{\"deviceId\":\"someone-else\",\"ts\":\"2026-11-21T10:16:00Z\",\"seq\":8}";
        publish(fridge, malformed);

        await().atMost(TIMEOUT).until(() -> metrics.readingsStoredCount() - storedBefore == 4
                && metrics.quarantinedCount(RejectionReason.DEVICE_ID_MISMATCH) - quarantinedBefore == 1);

        TelemetryReading press1 = new TelemetryReading(press, Instant.parse("2026-11-21T09:59:58Z"), 1, 31.2304, 121.4737,
                new TelemetryMetrics(true, 1234.5, 3.25, null, null, null, null, Map.of("vibrationMmS", 0.75)));
        TelemetryReading press2 = new TelemetryReading(press, Instant.parse("2026-11-21T09:59:59Z"), 2, null, null,
                new TelemetryMetrics(false, null, null, null, null, null, null, Map.of()));
        TelemetryReading press3 = new TelemetryReading(press, Instant.parse("2026-11-21T10:00:00Z"), 3, null, null,
                new TelemetryMetrics(null, null, null, null, null, null, true, Map.of()));
        TelemetryReading fridge7 = new TelemetryReading(fridge, Instant.parse("2026-11-21T10:15:00Z"), 7, null, null,
                new TelemetryMetrics(null, null, null, null, 4.5, 12L, null, Map.of()));
        assertThat(readingsIn("readings/date=2026-11-21/hour=09/", press)).containsExactly(press1, press2);
        assertThat(readingsIn("readings/date=2026-11-21/hour=10/", press)).containsExactly(press3);
        assertThat(readingsIn("readings/date=2026-11-21/hour=10/", fridge)).containsExactly(fridge7);
        assertThat(reader.readingsOf(press, Instant.parse("2026-11-21T00:00:00Z"), Instant.parse("2026-11-22T00:00:00Z")))
                .containsExactly(press1, press2, press3);

        List<QuarantinedMessage> rejected = quarantinedFrom("devices/" + fridge + "/telemetry");
        assertThat(rejected).singleElement().satisfies(message -> {
            assertThat(message.reason())
                    .isEqualTo("DEVICE_ID_MISMATCH: transport device '%s', payload deviceId 'someone-else'".formatted(fridge));
            assertThat(new String(message.payload(), StandardCharsets.UTF_8)).isEqualTo(malformed);
            assertThat(message.receivedAt()).isBefore(Instant.now());
        });
        assertThat(camel.getRouteController().getRouteStatus(TelemetryMqttRoute.ROUTE_ID).isStarted()).isTrue();
    }

    @Test
    void deliversMessagesSentWhileStoppedAndNeverRedeliversAcknowledgedOnes() throws Exception {
        String press = unique("press");
        long storedBefore = metrics.readingsStoredCount();
        publish(press, "{\"ts\":\"2026-11-21T11:00:00Z\",\"seq\":1}");
        await().atMost(TIMEOUT).until(() -> metrics.readingsStoredCount() - storedBefore == 1);

        // the broker queues these for the consumer's durable session; they arrive right after it reconnects
        camel.getRouteController().stopRoute(TelemetryMqttRoute.ROUTE_ID);
        List<Long> expected = new ArrayList<>(List.of(1L));
        for (int seq = 2; seq <= 41; seq++) {
            publish(press, "{\"ts\":\"2026-11-21T11:00:%02dZ\",\"seq\":%d}".formatted(seq, seq));
            expected.add((long) seq);
        }
        camel.getRouteController().startRoute(TelemetryMqttRoute.ROUTE_ID);
        await().atMost(TIMEOUT).until(() -> readingsIn("readings/date=2026-11-21/hour=11/", press).size() >= 41);

        publish(press, "{\"ts\":\"2026-11-21T11:00:42Z\",\"seq\":42}");
        expected.add(42L);
        await().atMost(TIMEOUT).until(() -> readingsIn("readings/date=2026-11-21/hour=11/", press).size() >= 42);
        assertThat(readingsIn("readings/date=2026-11-21/hour=11/", press))
                .extracting(TelemetryReading::sequence)
                .containsExactlyElementsOf(expected);
    }

    @Test
    void handsTheListenersWhatWasStoredWhenABatchRepeatsAReading() throws Exception {
        String press = unique("press");
        long storedBefore = metrics.readingsStoredCount();
        // queued for the durable session while the route is stopped, the messages arrive in one burst: one batch
        camel.getRouteController().stopRoute(TelemetryMqttRoute.ROUTE_ID);
        publish(press, "{\"ts\":\"2026-11-21T13:00:01Z\",\"seq\":1,\"metrics\":{\"powerOn\":true}}");
        publish(press, "{\"ts\":\"2026-11-21T13:00:01Z\",\"seq\":1,\"metrics\":{\"powerOn\":true}}");
        publish(press, "{\"ts\":\"2026-11-21T13:00:02Z\",\"seq\":2,\"metrics\":{\"powerOn\":false}}");
        camel.getRouteController().startRoute(TelemetryMqttRoute.ROUTE_ID);

        await().atMost(TIMEOUT).until(() -> metrics.readingsStoredCount() - storedBefore >= 2
                && listener.sequencesOf(press).size() >= 2);
        assertThat(readingsIn("readings/date=2026-11-21/hour=13/", press))
                .extracting(TelemetryReading::sequence)
                .containsExactly(1L, 2L);
        assertThat(listener.sequencesOf(press)).as("each stored reading reaches the listeners once").containsExactly(1L, 2L);
        assertThat(metrics.readingsStoredCount() - storedBefore).isEqualTo(2);
    }

    @Test
    void acknowledgesNothingWhileStorageIsDownAndStoresEverythingOnceItIsBack() throws Exception {
        String press = unique("press");
        long storedBefore = metrics.readingsStoredCount();
        long quarantinedBefore = metrics.quarantinedCount(RejectionReason.MISSING_FIELD);
        long batchRedeliveriesBefore = redeliveries.withHeader(IngestionHeaders.BATCH_ID);
        long quarantineRedeliveriesBefore = redeliveries.withProperty(IngestionHeaders.REJECTION);
        s3.stop();
        try {
            publish(press, "{\"ts\":\"2026-11-21T12:00:00Z\",\"seq\":1,\"metrics\":{\"powerOn\":true}}");
            publish(press, "{\"ts\":\"2026-11-21T12:00:01Z\"}");

            await().atMost(TIMEOUT).until(() -> redeliveries.withHeader(IngestionHeaders.BATCH_ID) > batchRedeliveriesBefore
                    && redeliveries.withProperty(IngestionHeaders.REJECTION) > quarantineRedeliveriesBefore);
            assertThat(metrics.readingsStoredCount()).isEqualTo(storedBefore);
            assertThat(metrics.quarantinedCount(RejectionReason.MISSING_FIELD)).isEqualTo(quarantinedBefore);
        } finally {
            s3.start();
        }

        await().atMost(TIMEOUT).until(() -> metrics.readingsStoredCount() - storedBefore == 1
                && metrics.quarantinedCount(RejectionReason.MISSING_FIELD) - quarantinedBefore == 1);
        assertThat(readingsIn("readings/date=2026-11-21/hour=12/", press))
                .containsExactly(new TelemetryReading(press, Instant.parse("2026-11-21T12:00:00Z"), 1, null, null,
                        new TelemetryMetrics(true, null, null, null, null, null, null, Map.of())));
        assertThat(quarantinedFrom("devices/" + press + "/telemetry"))
                .singleElement()
                .satisfies(message -> assertThat(message.reason()).isEqualTo("MISSING_FIELD: seq is required"));
    }

    private void publish(String deviceId, String json) throws Exception {
        device.publish("devices/" + deviceId + "/telemetry", json.getBytes(StandardCharsets.UTF_8), 1, false);
    }

    private List<TelemetryReading> readingsIn(String hourPrefix, String deviceId) {
        List<TelemetryReading> readings = new ArrayList<>();
        for (String key : store.list(hourPrefix)) {
            assertThat(key).matches(hourPrefix.replace(".", "\\.") + "part-[0-9a-f-]{36}\\.parquet");
            reader.read(key).stream().filter(r -> r.deviceId().equals(deviceId)).forEach(readings::add);
        }
        readings.sort((a, b) -> Long.compare(a.sequence(), b.sequence()));
        return readings;
    }

    private List<QuarantinedMessage> quarantinedFrom(String topic) {
        return store.list(QuarantineStore.QUARANTINE_PREFIX).stream()
                .map(quarantine::read)
                .filter(message -> message.source().equals(topic))
                .toList();
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("No free port", e);
        }
    }

    private static Path createDataDir() {
        try {
            return Files.createTempDirectory("telemetry-route-test");
        } catch (IOException e) {
            throw new IllegalStateException("Could not create a temporary data folder", e);
        }
    }
}
