package io.bankofthings.lending.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankofthings.lending.storage.embedded.EmbeddedS3Server;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/**
 * Ranged reads against a real in-process S3Proxy: a one-device query of a compacted object of many devices fetches
 * its footer and the row groups of that device only; a query outside the object's time range fetches the footer.
 */
class TelemetryRangedReadIntegrationTests {

    private static final String ACCESS_KEY = "ranged-access";
    private static final String SECRET_KEY = "ranged-secret-0123456789";
    private static final Instant HOUR_10 = Instant.parse("2026-11-22T10:00:00Z");
    private static final Instant NOW = Instant.parse("2026-11-22T11:20:00Z");
    private static final int DEVICES = 60;
    private static final int FILES = 120;
    private static final int PER_FILE = 500;
    /** Objects of 64 KiB and more are read by ranges, 16 KiB at least per request. */
    private static final ReadSettings READS = new ReadSettings(DataSize.ofKilobytes(64), DataSize.ofKilobytes(16));

    @TempDir
    static java.nio.file.Path dataDir;

    static EmbeddedS3Server server;
    static MeterRegistry registry = new SimpleMeterRegistry();
    static ObjectStore store;
    static StoredObject compacted;
    static List<TelemetryReading> written = new ArrayList<>();

    @BeforeAll
    static void writeAndCompactAnHourOfManyDevices() throws Exception {
        server = EmbeddedS3Server.start(dataDir.resolve("s3"), "127.0.0.1", 0, ACCESS_KEY, SECRET_KEY);
        store = new ObjectStore(new StorageSettings(server.endpoint(), ACCESS_KEY, SECRET_KEY, "ranged", "us-east-1"), registry);
        TelemetryParquetWriter writer = new TelemetryParquetWriter(store);
        long seq = 0;
        for (int f = 0; f < FILES; f++) {
            List<TelemetryReading> batch = new ArrayList<>(PER_FILE);
            for (int i = 0; i < PER_FILE; i++, seq++) {
                batch.add(new TelemetryReading("device-%03d".formatted(seq % DEVICES), HOUR_10.plusMillis(seq * 20), seq,
                        31.2 + (seq % 1000) * 1e-5, 121.47 + (seq % 777) * 1e-5,
                        new TelemetryMetrics(seq % 3 != 0, 1000 + seq * 0.001, 2.5 + seq % 10 * 0.1, 80 + seq * 0.0005,
                                18 + seq % 50 * 0.1, 40L + seq % 9, false, Map.of("vibrationMmS", 0.5 + seq % 20 * 0.05))));
            }
            writer.write(batch);
            written.addAll(batch);
        }
        CompactionSettings settings = new CompactionSettings(true, Duration.ofMinutes(10), Duration.ofMinutes(15),
                Duration.ofDays(2), DataSize.ofMegabytes(128), DataSize.ofKilobytes(256), CompactionSettings.DEFAULT_MAX_MERGE_SOURCES);
        new TelemetryCompaction(store, settings, READS, new SimpleMeterRegistry()).run(NOW);
        compacted = store.listObjects(TelemetryPartitions.hourPrefix(HOUR_10)).getFirst();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private static double bytesRead() {
        return registry.get("lending.storage.bytes.read").counter().count();
    }

    private static double requests(String kind) {
        return registry.get("lending.storage.requests").tag("kind", kind).counter().count();
    }

    @Test
    void aOneDeviceQueryFetchesTheFooterAndThatDevicesRowGroupsOnly() throws Exception {
        assertThat(store.list(TelemetryPartitions.hourPrefix(HOUR_10))).singleElement().asString().contains("compacted-");
        List<BlockMetaData> groups = footer(store.get(compacted.key())).getBlocks();
        assertThat(groups).as("row groups of the compacted object").hasSizeGreaterThan(DEVICES / 4);
        TelemetryParquetReader reader = new TelemetryParquetReader(store, READS);
        String device = "device-017";
        List<TelemetryReading> expected = reader.read(compacted.key()).stream()
                .filter(r -> r.deviceId().equals(device))
                .sorted(Comparator.comparing(TelemetryReading::timestamp).thenComparingLong(TelemetryReading::sequence))
                .toList();
        double bytesBefore = bytesRead();
        double wholeBefore = requests("whole");
        double rangesBefore = requests("range");

        List<TelemetryReading> read = reader.readingsOf(device, HOUR_10, HOUR_10.plus(Duration.ofHours(1)));

        double fetched = bytesRead() - bytesBefore;
        System.out.printf("one-device query: %,.0f of %,d bytes in %.0f range requests, %d row groups%n",
                fetched, compacted.size(), requests("range") - rangesBefore, groups.size());
        assertThat(read).hasSize(FILES * PER_FILE / DEVICES).containsExactlyElementsOf(expected)
                .containsExactlyElementsOf(written.stream().filter(r -> r.deviceId().equals(device)).toList());
        assertThat(requests("whole") - wholeBefore).as("whole-object GETs").isZero();
        assertThat(requests("range") - rangesBefore).as("range GETs").isPositive();
        assertThat(fetched).as("bytes fetched of the %d-byte object", compacted.size())
                .isPositive().isLessThan(compacted.size() / 4.0);
    }

    @Test
    void aQueryOutsideTheObjectsTimeRangeFetchesOnlyTheFooter() {
        byte[] content = store.get(compacted.key());
        int footerLength = ByteBuffer.wrap(content, content.length - 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        TelemetryParquetReader reader = new TelemetryParquetReader(store, READS);
        double bytesBefore = bytesRead();
        double rangesBefore = requests("range");

        List<TelemetryReading> read = reader.readingsOf("device-017", HOUR_10.plus(Duration.ofMinutes(40)),
                HOUR_10.plus(Duration.ofMinutes(50)));

        double fetched = bytesRead() - bytesBefore;
        assertThat(read).isEmpty();
        assertThat(requests("range") - rangesBefore).as("range GETs: the tail, and the rest of a longer footer").isBetween(1.0, 2.0);
        System.out.printf("query outside the object's range: %,.0f of %,d bytes, footer %,d bytes%n",
                fetched, compacted.size(), footerLength);
        assertThat(fetched).as("bytes fetched; footer %d bytes", footerLength)
                .isLessThanOrEqualTo(Math.max(footerLength + 8, READS.readAhead().toBytes()))
                .isLessThan(compacted.size() / 10.0);
    }

    @Test
    void aSmallObjectIsFetchedWholeInOneRequest() {
        TelemetryReading first = written.getFirst();
        TelemetryReading later = new TelemetryReading(first.deviceId(), HOUR_10.plus(Duration.ofHours(3)), 1_000_000,
                first.latitude(), first.longitude(), first.metrics());
        String key = new TelemetryParquetWriter(store).write(List.of(later)).objectKeys().getFirst();
        double wholeBefore = requests("whole");
        double rangesBefore = requests("range");

        List<TelemetryReading> read = new TelemetryParquetReader(store, READS).read(key);

        assertThat(read).containsExactly(later);
        assertThat(requests("whole") - wholeBefore).isEqualTo(1);
        assertThat(requests("range") - rangesBefore).isZero();
        store.delete(List.of(key));
    }

    private static org.apache.parquet.hadoop.metadata.ParquetMetadata footer(byte[] file) throws Exception {
        try (ParquetFileReader reader = ParquetFileReader.open(new InMemoryParquetFiles.Input(file),
                ParquetReadOptions.builder(new PlainParquetConfiguration()).build())) {
            return reader.getFooter();
        }
    }
}
