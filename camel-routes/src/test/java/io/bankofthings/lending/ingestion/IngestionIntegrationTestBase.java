package io.bankofthings.lending.ingestion;

import io.bankofthings.lending.ingestion.embedded.EmbeddedMqttBroker;
import io.bankofthings.lending.storage.StorageSettings;
import io.bankofthings.lending.storage.TelemetryMetrics;
import io.bankofthings.lending.storage.TelemetryReading;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The ingestion with everything real on free ports: embedded S3 (restartable), Artemis MQTT 5, PostgreSQL 17 with
 * the Flyway schema, and the webhooks through MockMvc; authenticity on, one shared context for every subclass.
 */
@CamelSpringBootTest
@SpringBootTest(
        classes = IngestionIntegrationTestBase.TestApplication.class,
        properties = "logging.level." + EmbeddedMqttBroker.AUDIT_LOGGERS + "=WARN")
@AutoConfigureMockMvc
abstract class IngestionIntegrationTestBase {

    static final String GENERIC_SECRET = "generic-test-secret";
    static final String THINGSBOARD_SECRET = "thingsboard-test-secret";
    static final String IOTDA_SECRET = "iotda-test-secret";
    static final String MAINTENANCE_INTERVAL = "6h";

    private static final Path DATA_DIR = createDataDir();
    private static final int MQTT_PORT = freePort();
    private static final int S3_PORT = freePort();

    /** The application; a test component, so the component scans of other test applications leave it out. */
    @SpringBootApplication(scanBasePackages = "io.bankofthings.lending")
    @TestComponent
    static class TestApplication {

        @Bean(destroyMethod = "close")
        RestartableS3Server embeddedS3Server(StorageSettings settings) throws IOException {
            return new RestartableS3Server(DATA_DIR.resolve("s3"), settings.endpoint().getHost(),
                    settings.endpoint().getPort(), settings.accessKey(), settings.secretKey());
        }

        @Bean(destroyMethod = "close")
        EmbeddedMqttBroker embeddedMqttBroker(MqttSettings settings) throws IOException {
            return EmbeddedMqttBroker.start(DATA_DIR.resolve("mqtt"), settings.url().getHost(), settings.url().getPort());
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestPostgres.register(registry);
        registry.add("lending.mqtt.url", () -> "tcp://127.0.0.1:" + MQTT_PORT);
        registry.add("lending.mqtt.client-id", () -> "ingestion-test-ingest");
        registry.add("lending.mqtt.batch-size", () -> "50");
        registry.add("lending.mqtt.batch-timeout", () -> "200ms");
        registry.add("lending.storage.endpoint", () -> "http://127.0.0.1:" + S3_PORT);
        registry.add("lending.storage.access-key", () -> "ingestion-test");
        registry.add("lending.storage.secret-key", () -> "ingestion-test-secret");
        registry.add("lending.ingestion.master-key-file", () -> DATA_DIR.resolve("master.key").toString());
        registry.add("lending.ingestion.platform-secrets.generic", () -> GENERIC_SECRET);
        registry.add("lending.ingestion.platform-secrets.thingsboard", () -> THINGSBOARD_SECRET);
        registry.add("lending.ingestion.platform-secrets.iotda", () -> IOTDA_SECRET);
        registry.add("lending.ingestion.spool-flush-interval", () -> "500ms");
        // maintenance routes exist but never fire on their own during the tests; StorageMaintenanceIntegrationTests calls them
        registry.add("lending.storage.compaction.interval", () -> MAINTENANCE_INTERVAL);
        registry.add("lending.storage.retention.interval", () -> MAINTENANCE_INTERVAL);
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    DeviceKeys keys;

    @Autowired
    RestartableS3Server s3;

    @Autowired
    EmbeddedMqttBroker broker;

    @Autowired
    IngestionMetrics metrics;

    @Autowired
    TelemetrySpool spool;

    /** Returns a device id no other test uses. */
    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Returns a recent instant in whole seconds, {@code minutesAgo} before now. */
    static Instant recent(int minutesAgo) {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(minutesAgo, ChronoUnit.MINUTES);
    }

    /** Returns a reading with a few typed metrics and one unknown one. */
    static TelemetryReading reading(String deviceId, long seq, Instant ts) {
        return new TelemetryReading(deviceId, ts, seq, 31.2304, 121.4737,
                new TelemetryMetrics(true, 100.0 + seq, 3.25, 12.5, 21.0, 4L, false, Map.of("vibrationMmS", 0.75)));
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("No free port", e);
        }
    }

    private static Path createDataDir() {
        try {
            return Files.createTempDirectory("ingestion-test");
        } catch (IOException e) {
            throw new IllegalStateException("Could not create a temporary data folder", e);
        }
    }
}
