package io.bankofthings.lending.ingestion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bankofthings.lending.ingestion.embedded.EmbeddedMqttBroker;
import io.bankofthings.lending.storage.ObjectStore;
import io.bankofthings.lending.storage.TelemetryParquetReader;
import io.bankofthings.lending.storage.TelemetryPartitions;
import io.bankofthings.lending.storage.TelemetryQueries;
import io.bankofthings.lending.storage.TelemetryReading;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.apache.camel.CamelContext;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;

/**
 * Stops the whole application during a stream of signed MQTT readings, publishes more while it is down, starts it
 * again on the same broker session, S3 folder and database, and counts: every reading stored, none twice.
 *
 * <p>One test stops between bursts (every Parquet row once); one stops while S3 is down and a batch is being retried
 * (nothing was acknowledged, so everything comes back); the third stops while readings keep arriving, so the
 * batches in flight fail inside the stopping route and must come back from the broker (readers see each reading
 * once; a reading stored just before the stop but not yet acknowledged may sit in Parquet twice).
 */
class CrashRecoveryIntegrationTests {

    private static final Logger LOG = LoggerFactory.getLogger(CrashRecoveryIntegrationTests.class);
    private static final int READINGS = 300;
    private static final int MID_STREAM_READINGS = 1_000;
    private static final int S3_DOWN_READINGS = 120;
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private static Path dataDir;
    private static RestartableS3Server s3;
    private static EmbeddedMqttBroker broker;
    private static int s3Port;

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @ComponentScan(
            basePackages = "io.bankofthings.lending",
            excludeFilters = @ComponentScan.Filter(
                    type = FilterType.REGEX,
                    pattern = "io\\.bankofthings\\.lending\\..*(Tests|TestBase)\\$.*"))
    static class Application {}

    @BeforeAll
    static void startInfrastructure() throws Exception {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(EmbeddedMqttBroker.AUDIT_LOGGERS))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        dataDir = Files.createTempDirectory("crash-test");
        s3Port = IngestionIntegrationTestBase.freePort();
        s3 = new RestartableS3Server(dataDir.resolve("s3"), "127.0.0.1", s3Port, "crash-test", "crash-test-secret");
        broker = EmbeddedMqttBroker.start(dataDir.resolve("mqtt"), "127.0.0.1", IngestionIntegrationTestBase.freePort());
    }

    @AfterAll
    static void stopInfrastructure() throws Exception {
        if (broker != null) {
            broker.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    @Test
    void losesAndDoublesNoReadingAcrossARestart() throws Exception {
        String press = "crash-" + UUID.randomUUID().toString().substring(0, 8);
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(30));
        ConfigurableApplicationContext first = startApplication();
        byte[] key = first.getBean(DeviceKeys.class).provision(press, "test");

        MqttClient device = connectDevice();
        publish(device, press, key, start, 1, 1);
        await().atMost(TIMEOUT).until(() -> storedOf(first, press, start) >= 1);
        publish(device, press, key, start, 2, READINGS / 2);
        await().atMost(TIMEOUT).until(() -> storedOf(first, press, start) >= READINGS / 2);
        first.close();
        publish(device, press, key, start, READINGS / 2 + 1, READINGS);
        device.disconnect();
        device.close();

        ConfigurableApplicationContext second = startApplication();
        try {
            assertStoredOnce(second, press, start, READINGS);
            ObjectStore store = second.getBean(ObjectStore.class);
            TelemetryParquetReader reader = second.getBean(TelemetryParquetReader.class);
            long rows = store.list(TelemetryPartitions.READINGS_PREFIX).stream()
                    .flatMap(objectKey -> reader.read(objectKey).stream())
                    .filter(reading -> reading.deviceId().equals(press))
                    .count();
            LOG.info("{} Parquet rows hold the {} readings ({} stored twice, removed by readers)", rows, READINGS,
                    rows - READINGS);
            assertThat(rows).isEqualTo(READINGS);
        } finally {
            second.close();
        }
    }

    @Test
    void losesAndDoublesNoReadingWhenStoppedWhileReadingsArrive() throws Exception {
        String press = "midstream-" + UUID.randomUUID().toString().substring(0, 8);
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(20));
        ConfigurableApplicationContext first = startApplication();
        byte[] key = first.getBean(DeviceKeys.class).provision(press, "test");

        MqttClient device = connectDevice();
        AtomicInteger published = new AtomicInteger();
        Thread publisher = Thread.ofPlatform().name("midstream-publisher").start(() -> {
            try {
                for (int seq = 1; seq <= MID_STREAM_READINGS; seq++) {
                    publish(device, press, key, start, seq, seq);
                    published.set(seq);
                    Thread.sleep(2);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(TIMEOUT).until(() -> storedOf(first, press, start) >= MID_STREAM_READINGS / 4);
        int publishedAtStop = published.get();
        first.close();
        LOG.info("Stopped after {} of {} readings were published", publishedAtStop, MID_STREAM_READINGS);
        assertThat(publishedAtStop).as("the stop falls in the middle of the stream").isLessThan(MID_STREAM_READINGS);
        publisher.join(TIMEOUT.toMillis());
        assertThat(published.get()).isEqualTo(MID_STREAM_READINGS);
        device.disconnect();
        device.close();

        restartAndAssertStoredOnce(press, start, MID_STREAM_READINGS);
    }

    @Test
    void losesNoReadingWhenStoppedWhileStorageIsDown() throws Exception {
        String press = "s3down-" + UUID.randomUUID().toString().substring(0, 8);
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(10));
        ConfigurableApplicationContext first = startApplication();
        byte[] key = first.getBean(DeviceKeys.class).provision(press, "test");
        IngestionMetrics firstMetrics = first.getBean(IngestionMetrics.class);
        RedeliveryCounter redeliveries = new RedeliveryCounter();
        first.getBean(CamelContext.class).getManagementStrategy().addEventNotifier(redeliveries);
        redeliveries.start();
        s3.stop();
        long storedBefore = firstMetrics.readingsStoredCount();
        try {
            MqttClient device = connectDevice();
            publish(device, press, key, start, 1, S3_DOWN_READINGS);
            device.disconnect();
            device.close();
            await().atMost(TIMEOUT).alias("a batch retried while S3 is down")
                    .until(() -> redeliveries.withHeader(IngestionHeaders.BATCH_ID) > 0);
            assertThat(firstMetrics.readingsStoredCount()).isEqualTo(storedBefore);
            first.close();
        } finally {
            s3.start();
        }

        restartAndAssertStoredOnce(press, start, S3_DOWN_READINGS);
    }

    /** Readings of {@code device} stored in the hour from {@code start} (each once), as {@code context} sees them. */
    private static int storedOf(ConfigurableApplicationContext context, String device, Instant start) {
        return context.getBean(TelemetryQueries.class).readings(device, start, start.plus(Duration.ofHours(1))).size();
    }

    private static void restartAndAssertStoredOnce(String device, Instant start, int readings) {
        try (ConfigurableApplicationContext second = startApplication()) {
            assertStoredOnce(second, device, start, readings);
        }
    }

    private static void assertStoredOnce(ConfigurableApplicationContext context, String device, Instant start, int readings) {
        TelemetryQueries queries = context.getBean(TelemetryQueries.class);
        AtomicInteger count = new AtomicInteger();
        await().atMost(TIMEOUT)
                .alias("all readings stored after the restart")
                .pollInterval(Duration.ofSeconds(2))
                .conditionEvaluationListener(condition -> LOG.info("{} readings stored", count.get()))
                .until(() -> {
                    count.set(queries.readings(device, start, start.plus(Duration.ofHours(1))).size());
                    boolean all = count.get() == readings;
                    if (!all && count.get() > readings * 9 / 10) {
                        var stored = queries.readings(device, start, start.plus(Duration.ofHours(1))).stream()
                                .map(TelemetryReading::sequence).collect(java.util.stream.Collectors.toSet());
                        LOG.info("missing sequences: {}", LongStream.rangeClosed(1, readings)
                                .filter(seq -> !stored.contains(seq)).boxed().toList());
                    }
                    return all;
                });
        assertThat(queries.readings(device, start, start.plus(Duration.ofHours(1))))
                .extracting(TelemetryReading::sequence)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, readings).boxed().toList());
        assertThat(context.getBean(SequenceHighWaterMarks.class).of(device))
                .hasValueSatisfying(mark -> assertThat(mark.highWater()).isEqualTo(readings));
    }

    private static MqttClient connectDevice() throws Exception {
        MqttClient device = new MqttClient(broker.url().toString(), "crash-device", new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        device.connect(options);
        return device;
    }

    private static void publish(MqttClient device, String press, byte[] key, Instant start, int fromSeq, int toSeq)
            throws Exception {
        for (int seq = fromSeq; seq <= toSeq; seq++) {
            TelemetryReading reading = IngestionIntegrationTestBase.reading(press, seq, start.plusMillis(seq * 100L));
            device.publish("devices/" + press + "/telemetry",
                    TelemetryJson.toBytes(reading, ReadingSignatures.sign(key, reading)), 1, false);
        }
    }

    private static ConfigurableApplicationContext startApplication() {
        return new SpringApplicationBuilder(Application.class)
                .web(org.springframework.boot.WebApplicationType.NONE)
                .properties(
                        "spring.datasource.url=" + TestPostgres.jdbcUrl(),
                        "spring.datasource.username=postgres",
                        "logging.level." + EmbeddedMqttBroker.AUDIT_LOGGERS + "=WARN",
                        "lending.mqtt.url=" + broker.url(),
                        "lending.mqtt.client-id=crash-test-ingest",
                        "lending.storage.compaction.interval=" + IngestionIntegrationTestBase.MAINTENANCE_INTERVAL,
                        "lending.storage.retention.interval=" + IngestionIntegrationTestBase.MAINTENANCE_INTERVAL,
                        "lending.mqtt.batch-size=50",
                        "lending.mqtt.batch-timeout=200ms",
                        "lending.storage.endpoint=http://127.0.0.1:" + s3Port,
                        "lending.storage.access-key=crash-test",
                        "lending.storage.secret-key=crash-test-secret",
                        "lending.ingestion.master-key-file=" + dataDir.resolve("master.key"))
                .run();
    }
}
