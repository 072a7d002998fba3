package io.bankofthings.lending.storage;

import static io.bankofthings.lending.storage.TelemetryReadings.bare;
import static io.bankofthings.lending.storage.TelemetryReadings.full;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bankofthings.lending.storage.embedded.EmbeddedS3Server;
import io.minio.errors.ErrorResponseException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the store, writer, reader and quarantine against a real in-process S3Proxy that enforces SigV4. */
class ObjectStoreIntegrationTests {

    private static final String ACCESS_KEY = "test-access";
    private static final String SECRET_KEY = "test-secret-0123456789";

    @TempDir
    static Path dataDir;

    static EmbeddedS3Server server;
    static ObjectStore store;

    @BeforeAll
    static void startServer() throws Exception {
        server = EmbeddedS3Server.start(dataDir.resolve("s3"), "127.0.0.1", 0, ACCESS_KEY, SECRET_KEY);
        store = new ObjectStore(settings(SECRET_KEY, "telemetry"));
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private static StorageSettings settings(String secretKey, String bucket) {
        return new StorageSettings(server.endpoint(), ACCESS_KEY, secretKey, bucket, "us-east-1");
    }

    @Test
    void storesListsAndFetchesObjectsOnDisk() {
        store.put("misc/b.txt", "second".getBytes(StandardCharsets.UTF_8), "text/plain");
        store.put("misc/a/c.txt", "first".getBytes(StandardCharsets.UTF_8), "text/plain");

        assertThat(store.list("misc/")).containsExactly("misc/a/c.txt", "misc/b.txt");
        assertThat(store.get("misc/a/c.txt")).asString(StandardCharsets.UTF_8).isEqualTo("first");
        assertThat(server.directory().resolve("telemetry")).isDirectory();
    }

    @Test
    void refusesRequestsSignedWithTheWrongSecret() {
        ObjectStore intruder = new ObjectStore(settings("wrong-secret", "telemetry"));

        assertThatThrownBy(() -> intruder.put("misc/intruder.txt", new byte[] {1}, "text/plain"))
                .isInstanceOf(ObjectStoreException.class)
                .hasMessageContaining("telemetry")
                .rootCause()
                .isInstanceOfSatisfying(ErrorResponseException.class, e -> {
                    assertThat(e.response().code()).isEqualTo(403);
                    assertThat(e.errorResponse().code()).isIn("AccessDenied", "SignatureDoesNotMatch");
                });
        assertThat(store.list("misc/intruder")).isEmpty();
    }

    @Test
    void failsNamingTheKeyOfAMissingObject() {
        assertThatThrownBy(() -> store.get("misc/missing.bin"))
                .isInstanceOf(ObjectStoreException.class)
                .hasMessageContaining("misc/missing.bin");
    }

    @Test
    void writesOneObjectPerHourPartitionAndQueriesADeviceInRange() throws Exception {
        ObjectStore readingsStore = new ObjectStore(settings(SECRET_KEY, "readings-query"));
        TelemetryParquetWriter writer = new TelemetryParquetWriter(readingsStore);
        TelemetryParquetReader reader = new TelemetryParquetReader(readingsStore);
        TelemetryReading first = full("press-7", "2026-11-22T09:59:59Z", 1);
        TelemetryReading second = bare("press-7", "2026-11-22T10:00:00Z", 2);
        TelemetryReading other = full("fridge-2", "2026-11-22T10:15:00Z", 9);
        TelemetryReading nextDay = bare("press-7", "2026-11-23T00:00:00Z", 3);

        TelemetryBatchStored stored = writer.write(List.of(nextDay, second, other, first));

        assertThat(stored.readingCount()).isEqualTo(4);
        assertThat(stored.objectKeys())
                .hasSize(3)
                .satisfiesExactly(
                        key -> assertThat(key).matches("readings/date=2026-11-22/hour=09/part-[0-9a-f-]{36}\\.parquet"),
                        key -> assertThat(key).startsWith("readings/date=2026-11-22/hour=10/part-"),
                        key -> assertThat(key).startsWith("readings/date=2026-11-23/hour=00/part-"));
        assertThat(reader.read(stored.objectKeys().get(1))).containsExactly(other, second);
        assertThat(Files.exists(server.directory().resolve("readings-query").resolve(stored.objectKeys().get(0))))
                .isTrue();

        assertThat(reader.readingsOf("press-7", Instant.parse("2026-11-22T00:00:00Z"), Instant.parse("2026-11-24T00:00:00Z")))
                .containsExactly(first, second, nextDay);
        assertThat(reader.readingsOf("press-7", Instant.parse("2026-11-22T09:59:59Z"), Instant.parse("2026-11-23T00:00:00Z")))
                .containsExactly(first, second);
        assertThat(reader.readingsOf("fridge-2", Instant.parse("2026-11-22T10:15:00.000001Z"), Instant.parse("2026-11-23T00:00:00Z")))
                .isEmpty();
    }

    @Test
    void overwritesTheSameObjectsWhenABatchIsWrittenAgain() {
        ObjectStore batchStore = new ObjectStore(settings(SECRET_KEY, "readings-retry"));
        TelemetryParquetWriter writer = new TelemetryParquetWriter(batchStore);
        TelemetryParquetReader reader = new TelemetryParquetReader(batchStore);
        List<TelemetryReading> batch = List.of(bare("press-7", "2026-11-22T10:00:00Z", 1), bare("press-7", "2026-11-22T11:00:00Z", 2));

        TelemetryBatchStored first = writer.write("0f8a1c52-4c1e-4f55-9d0e-3a1c2b7d9e10", batch);
        TelemetryBatchStored second = writer.write("0f8a1c52-4c1e-4f55-9d0e-3a1c2b7d9e10", batch);

        assertThat(second).isEqualTo(first);
        assertThat(batchStore.list(TelemetryPartitions.READINGS_PREFIX)).containsExactlyElementsOf(first.objectKeys());
        assertThat(reader.readingsOf("press-7", Instant.parse("2026-11-22T00:00:00Z"), Instant.parse("2026-11-23T00:00:00Z")))
                .containsExactlyElementsOf(batch);
        assertThatThrownBy(() -> writer.write("../escape", batch))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'../escape'");
    }

    @Test
    void keepsQuarantinedTextAndBinaryPayloadsWithTheirReason() {
        QuarantineStore quarantine = new QuarantineStore(store);
        QuarantinedMessage text = new QuarantinedMessage(
                "MALFORMED_JSON: unexpected end of input",
                "devices/press-7/telemetry",
                Instant.parse("2026-11-22T10:00:00Z"),
                "{\"deviceId\":\"press-7\",".getBytes(StandardCharsets.UTF_8));
        QuarantinedMessage binary = new QuarantinedMessage(
                "MALFORMED_JSON: not UTF-8",
                "devices/press-7/telemetry",
                Instant.parse("2026-11-22T23:59:59Z"),
                new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});

        String textKey = quarantine.quarantine(text);
        String binaryKey = quarantine.quarantine(binary);

        assertThat(textKey).matches("quarantine/date=2026-11-22/reason=MALFORMED_JSON/100000000-[0-9a-f-]{36}\\.json");
        assertThat(quarantine.newest(LocalDate.parse("2026-11-22"), 10)).containsExactly(binaryKey, textKey);
        assertThat(quarantine.newest(LocalDate.parse("2026-11-22"), 1)).containsExactly(binaryKey);
        assertThat(quarantine.countsByReason(LocalDate.parse("2026-11-22"))).containsExactly(Map.entry("MALFORMED_JSON", 2L));
        assertThat(QuarantineStore.reasonCode("not a code: x")).isEqualTo("UNKNOWN");
        assertThat(quarantine.read(textKey)).isEqualTo(text);
        assertThat(quarantine.read(binaryKey)).isEqualTo(binary);
        assertThat(new String(store.get(textKey), StandardCharsets.UTF_8))
                .contains("\"payloadEncoding\":\"utf-8\"")
                .contains("\"reason\":\"MALFORMED_JSON: unexpected end of input\"");
        assertThat(new String(store.get(binaryKey), StandardCharsets.UTF_8)).contains("\"payload\":\"//4AAQ==\"");
    }
}
