package io.bankofthings.lending.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankofthings.lending.storage.embedded.EmbeddedS3Server;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.io.api.Binary;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/** Compaction against a real in-process S3Proxy: merge, crash recovery, late files, older schema. */
class TelemetryCompactionIntegrationTests {

    private static final String ACCESS_KEY = "compaction-access";
    private static final String SECRET_KEY = "compaction-secret-0123456789";
    private static final Instant HOUR_10 = Instant.parse("2026-11-22T10:00:00Z");
    private static final Instant HOUR_11 = Instant.parse("2026-11-22T11:00:00Z");
    /** Hour 10 closed (ended 11:00, grace 15 min), hour 11 still open. */
    private static final Instant NOW = Instant.parse("2026-11-22T11:20:00Z");
    private static final String PARTITION_10 = TelemetryPartitions.hourPrefix(HOUR_10);
    private static final List<String> DEVICES = List.of("press-1", "press-2", "fridge-3", "tracker-4");

    @TempDir
    static java.nio.file.Path dataDir;

    static EmbeddedS3Server server;

    @BeforeAll
    static void startServer() throws Exception {
        server = EmbeddedS3Server.start(dataDir.resolve("s3"), "127.0.0.1", 0, ACCESS_KEY, SECRET_KEY);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    /** A real store whose puts and deletes can be made to fail, standing in for a crash at that step. */
    static final class FaultyStore extends ObjectStore {

        volatile Predicate<String> failPut = key -> false;
        volatile boolean failDelete;
        volatile Runnable beforeNextGet = () -> {};

        FaultyStore(String bucket) {
            super(new StorageSettings(server.endpoint(), ACCESS_KEY, SECRET_KEY, bucket, "us-east-1"));
        }

        final List<String> intentsPut = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public void put(String key, java.io.InputStream content, long length, String contentType) {
            if (failPut.test(key)) {
                throw new ObjectStoreException("injected failure: put " + key);
            }
            if (key.startsWith(TelemetryCompaction.INTENTS_PREFIX)) {
                try {
                    byte[] json = content.readAllBytes();
                    intentsPut.add(new String(json, java.nio.charset.StandardCharsets.UTF_8));
                    content = new java.io.ByteArrayInputStream(json);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
            super.put(key, content, length, contentType);
        }

        @Override
        public byte[] get(String key) {
            Runnable hook = beforeNextGet;
            beforeNextGet = () -> {};
            hook.run();
            return super.get(key);
        }

        @Override
        public void delete(Collection<String> keys) {
            if (failDelete) {
                throw new ObjectStoreException("injected failure: delete " + keys.size() + " keys");
            }
            super.delete(keys);
        }
    }

    private static FaultyStore newStore() {
        return new FaultyStore("compaction-" + UUID.randomUUID().toString().substring(0, 8));
    }

    private static CompactionSettings settings(DataSize target, DataSize rowGroup) {
        return new CompactionSettings(true, Duration.ofMinutes(10), Duration.ofMinutes(15), Duration.ofDays(2), target,
                rowGroup, CompactionSettings.DEFAULT_MAX_MERGE_SOURCES);
    }

    private static TelemetryCompaction compaction(ObjectStore store, CompactionSettings settings) {
        return new TelemetryCompaction(store, settings, new SimpleMeterRegistry());
    }

    private static TelemetryReading reading(String device, Instant ts, long seq) {
        return new TelemetryReading(device, ts, seq, 31.2304 + seq * 1e-5, 121.4737, new TelemetryMetrics(
                seq % 2 == 0, 1000.0 + seq * 0.01, 3.25, 87.0 + seq, 21.5, 40L + seq % 7, false, Map.of("rssi", -70.0)));
    }

    /**
     * Writes {@code files} batches of {@code perFile} readings into the hour starting at {@code hour}, round robin over
     * the devices, sequences continuing from {@code firstSeq}; returns the readings.
     */
    private static List<TelemetryReading> writeFiles(ObjectStore store, Instant hour, int files, int perFile, long firstSeq) {
        TelemetryParquetWriter writer = new TelemetryParquetWriter(store);
        List<TelemetryReading> written = new ArrayList<>();
        long seq = firstSeq;
        for (int f = 0; f < files; f++) {
            List<TelemetryReading> batch = new ArrayList<>();
            for (int i = 0; i < perFile; i++, seq++) {
                String device = DEVICES.get((int) (seq % DEVICES.size()));
                batch.add(reading(device, hour.plusMillis(seq * 50), seq));
            }
            writer.write(batch);
            written.addAll(batch);
        }
        return written;
    }

    private static long distinct(List<TelemetryReading> readings) {
        Set<String> pairs = new HashSet<>();
        readings.forEach(r -> pairs.add(r.deviceId() + "/" + r.sequence()));
        return pairs.size();
    }

    private static List<Object> answers(ObjectStore store) {
        TelemetryQueries queries = new TelemetryQueries(new TelemetryParquetReader(store));
        TelemetryQueries.Site site = new TelemetryQueries.Site(31.2304, 121.4737, 500);
        List<Object> answers = new ArrayList<>();
        for (String device : DEVICES) {
            answers.add(queries.readings(device, HOUR_10, HOUR_11.plusSeconds(3600)));
            answers.add(queries.summary(device, HOUR_10.plusSeconds(600), HOUR_11.plusSeconds(1800), site));
        }
        return answers;
    }

    private static long rows(ObjectStore store, String key) throws Exception {
        return TelemetryParquetFiles.rowCount(store.get(key));
    }

    @Test
    void mergesTheSmallFilesOfAClosedHourIntoOneSortedObjectAndLeavesTheOpenHour() throws Exception {
        FaultyStore store = newStore();
        List<TelemetryReading> written = new ArrayList<>(writeFiles(store, HOUR_10, 80, 50, 0));
        written.addAll(writeFiles(store, HOUR_10, 4, 50, 100)); // readings stored twice (redelivered batches)
        writeFiles(store, HOUR_11, 3, 20, 10_000);
        List<String> openHour = store.list(TelemetryPartitions.hourPrefix(HOUR_11));
        List<Object> before = answers(store);
        TelemetryCompaction compaction = compaction(store, settings(DataSize.ofMegabytes(128), DataSize.ofKilobytes(16)));

        TelemetryCompaction.Report report = compaction.run(NOW);

        List<String> merged = store.list(PARTITION_10);
        assertThat(merged).singleElement().asString()
                .matches("readings/date=2026-11-22/hour=10/compacted-[0-9a-f]{16}-1-last\\.parquet");
        assertThat(rows(store, merged.getFirst())).isEqualTo(distinct(written)).isEqualTo(4_000);
        assertThat(report.partitionsCompacted()).isEqualTo(1);
        assertThat(report.filesMerged()).isEqualTo(84);
        assertThat(report.objectsWritten()).isEqualTo(1);
        assertThat(report.duplicatesDropped()).isEqualTo(200);
        assertThat(report.bytesAfter()).isPositive().isLessThan(report.bytesBefore());
        assertThat(store.list(TelemetryPartitions.hourPrefix(HOUR_11))).containsExactlyElementsOf(openHour).hasSize(3);
        assertThat(store.list(TelemetryCompaction.INTENTS_PREFIX)).isEmpty();
        assertThat(answers(store)).isEqualTo(before);

        List<TelemetryReading> rowsInFile = new TelemetryParquetReader(store).read(merged.getFirst());
        assertThat(rowsInFile).isSortedAccordingTo(Comparator.comparing(TelemetryReading::deviceId)
                .thenComparing(TelemetryReading::timestamp).thenComparingLong(TelemetryReading::sequence));
        assertRowGroupsSkipOtherDevices(store.get(merged.getFirst()));

        TelemetryCompaction.Report again = compaction.run(NOW);
        assertThat(again.partitionsCompacted()).isZero();
        assertThat(again.partitionsScanned()).isEqualTo(1);
        assertThat(store.list(PARTITION_10)).isEqualTo(merged);
    }

    /** Each device's rows lie in row groups of their own: the device-id statistics let a query skip the others. */
    private static void assertRowGroupsSkipOtherDevices(byte[] file) throws Exception {
        try (ParquetFileReader reader = ParquetFileReader.open(new InMemoryParquetFiles.Input(file),
                ParquetReadOptions.builder(new PlainParquetConfiguration()).build())) {
            List<BlockMetaData> groups = reader.getFooter().getBlocks();
            assertThat(groups).hasSizeGreaterThan(DEVICES.size());
            for (String device : DEVICES) {
                Binary id = Binary.fromString(device);
                long candidates = groups.stream().filter(group -> {
                    Statistics<?> stats = deviceIdColumn(group).getStatistics();
                    return ((Binary) stats.genericGetMin()).compareTo(id) <= 0 && ((Binary) stats.genericGetMax()).compareTo(id) >= 0;
                }).count();
                assertThat(candidates).as("row groups that may hold %s", device).isPositive().isLessThan(groups.size() / 2 + 2);
            }
        }
    }

    private static ColumnChunkMetaData deviceIdColumn(BlockMetaData group) {
        return group.getColumns().stream()
                .filter(column -> column.getPath().toDotString().equals(TelemetrySchema.DEVICE_ID))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void finishesAMergeInterruptedBetweenWriteAndDelete() throws Exception {
        FaultyStore store = newStore();
        List<TelemetryReading> written = writeFiles(store, HOUR_10, 30, 40, 0);
        List<String> sources = store.list(PARTITION_10);
        List<Object> before = answers(store);
        CompactionSettings settings = settings(DataSize.ofMegabytes(128), DataSize.ofMegabytes(1));
        store.failDelete = true;

        TelemetryCompaction.Report crashed = compaction(store, settings).run(NOW);

        assertThat(crashed.partitionsFailed()).isEqualTo(1);
        assertThat(store.list(PARTITION_10)).hasSize(31).containsAll(sources);
        assertThat(store.list(TelemetryCompaction.INTENTS_PREFIX)).hasSize(1);
        assertThat(answers(store)).as("readers drop the rows stored twice").isEqualTo(before);

        store.failDelete = false;
        TelemetryCompaction.Report recovered = compaction(store, settings).run(NOW);

        assertThat(recovered.intentsSettled()).isEqualTo(1);
        List<String> remaining = store.list(PARTITION_10);
        assertThat(remaining).singleElement().asString().contains("compacted-");
        assertThat(remaining).doesNotContainAnyElementsOf(sources);
        assertThat(rows(store, remaining.getFirst())).isEqualTo(distinct(written)).isEqualTo(1_200);
        assertThat(store.list(TelemetryCompaction.INTENTS_PREFIX)).isEmpty();
        assertThat(answers(store)).isEqualTo(before);
    }

    @Test
    void rollsBackAMergeInterruptedWhileWritingItsObjectsAndKeepsFilledPartsOnLaterRuns() throws Exception {
        FaultyStore store = newStore();
        List<TelemetryReading> written = writeFiles(store, HOUR_10, 60, 50, 0);
        List<String> sources = store.list(PARTITION_10);
        List<Object> before = answers(store);
        CompactionSettings settings = settings(DataSize.ofKilobytes(20), DataSize.ofKilobytes(8));
        store.failPut = key -> key.matches(".*/compacted-[0-9a-f]{16}-2-(full|last)\\.parquet");

        TelemetryCompaction.Report crashed = compaction(store, settings).run(NOW);

        assertThat(crashed.partitionsFailed()).isEqualTo(1);
        assertThat(store.list(PARTITION_10)).containsAll(sources).anyMatch(key -> key.endsWith("-1-full.parquet"));

        store.failPut = key -> false;
        TelemetryCompaction.Report recovered = compaction(store, settings).run(NOW);

        assertThat(recovered.intentsSettled()).isEqualTo(1);
        assertThat(recovered.partitionsCompacted()).isEqualTo(1);
        List<String> parts = store.list(PARTITION_10);
        String hash = parts.getFirst().replaceAll(".*/compacted-([0-9a-f]{16})-.*", "$1");
        assertThat(parts).hasSizeGreaterThan(1).allMatch(key -> key.matches(".*/compacted-" + hash + "-\\d+-(full|last)\\.parquet"));
        assertThat(parts).filteredOn(key -> key.endsWith("-last.parquet")).singleElement().asString()
                .endsWith("-" + parts.size() + "-last.parquet");
        long total = 0;
        for (String part : parts) {
            total += rows(store, part);
        }
        assertThat(total).isEqualTo(distinct(written)).isEqualTo(3_000);
        assertThat(answers(store)).isEqualTo(before);

        TelemetryCompaction.Report stable = compaction(store, settings).run(NOW);
        assertThat(stable.partitionsCompacted()).as("only the last part is small").isZero();
        assertThat(store.list(PARTITION_10)).isEqualTo(parts);
    }

    @Test
    void mergesALateFileIntoAnAlreadyCompactedHour() throws Exception {
        FaultyStore store = newStore();
        List<TelemetryReading> written = new ArrayList<>(writeFiles(store, HOUR_10, 20, 25, 0));
        TelemetryCompaction compaction = compaction(store, settings(DataSize.ofMegabytes(128), DataSize.ofMegabytes(1)));
        compaction.run(NOW);
        String firstMerge = store.list(PARTITION_10).getFirst();

        written.addAll(writeFiles(store, HOUR_10, 1, 30, 490)); // 10 repeats of stored readings, 20 new ones
        TelemetryCompaction.Report late = compaction.run(NOW.plus(Duration.ofHours(3)));

        List<String> merged = store.list(PARTITION_10);
        assertThat(late.partitionsCompacted()).isEqualTo(1);
        assertThat(late.duplicatesDropped()).isEqualTo(10);
        assertThat(merged).singleElement().isNotEqualTo(firstMerge);
        assertThat(rows(store, merged.getFirst())).isEqualTo(distinct(written)).isEqualTo(520);
    }

    @Test
    void mergesFilesWrittenByAnOlderSchemaWithTheMissingColumnsAsNull() throws Exception {
        FaultyStore store = newStore();
        List<TelemetryReading> current = writeFiles(store, HOUR_10, 2, 10, 0);
        Schema older = SchemaBuilder.record("TelemetryReading").namespace("io.bankofthings.lending.storage").fields()
                .requiredString("deviceId")
                .name("timestamp").type(org.apache.avro.LogicalTypes.timestampMicros()
                        .addToSchema(Schema.create(Schema.Type.LONG))).noDefault()
                .requiredLong("sequence")
                .optionalDouble("latitude")
                .optionalDouble("longitude")
                .optionalBoolean("powerOn")
                .optionalDouble("operatingHours")
                .name("extraMetrics").type().map().values().doubleType().noDefault()
                .endRecord();
        InMemoryParquetFiles.Output file = new InMemoryParquetFiles.Output();
        try (ParquetWriter<GenericRecord> writer = AvroParquetWriter.<GenericRecord>builder(file)
                .withSchema(older)
                .withDataModel(GenericData.get())
                .withConf(new PlainParquetConfiguration())
                .withCodecFactory(new ParquetCodecs())
                .withCompressionCodec(TelemetryParquetFiles.CODEC)
                .build()) {
            for (long seq = 500; seq < 505; seq++) {
                GenericData.Record row = new GenericData.Record(older);
                row.put("deviceId", "legacy-9");
                row.put("timestamp", TelemetrySchema.toEpochMicros(HOUR_10.plusSeconds(seq)));
                row.put("sequence", seq);
                row.put("powerOn", true);
                row.put("operatingHours", 7.5);
                row.put("extraMetrics", Map.of());
                writer.write(row);
            }
        }
        store.put(PARTITION_10 + "part-older-schema.parquet", file.toByteArray(), TelemetryParquetWriter.CONTENT_TYPE);

        compaction(store, settings(DataSize.ofMegabytes(128), DataSize.ofMegabytes(1))).run(NOW);

        List<String> merged = store.list(PARTITION_10);
        assertThat(merged).singleElement().asString().contains("compacted-");
        List<TelemetryReading> rows = new TelemetryParquetReader(store).read(merged.getFirst());
        assertThat(rows).hasSize(current.size() + 5).containsAll(current);
        assertThat(rows.stream().filter(r -> r.deviceId().equals("legacy-9")))
                .hasSize(5)
                .allSatisfy(r -> {
                    assertThat(r.metrics().powerOn()).isTrue();
                    assertThat(r.metrics().operatingHours()).isEqualTo(7.5);
                    assertThat(r.metrics().tamper()).isNull();
                    assertThat(r.metrics().inventoryCount()).isNull();
                    assertThat(r.metrics().temperatureC()).isNull();
                    assertThat(r.latitude()).isNull();
                });
    }

    @Test
    void aQueryThatListedTheSmallFilesBeforeAMergeStillGetsEveryReading() {
        FaultyStore store = newStore();
        List<TelemetryReading> written = writeFiles(store, HOUR_10, 12, 20, 0);
        List<TelemetryReading> expected = written.stream().filter(r -> r.deviceId().equals("press-2"))
                .sorted(Comparator.comparing(TelemetryReading::timestamp)).toList();
        TelemetryCompaction compaction = compaction(store, settings(DataSize.ofMegabytes(128), DataSize.ofMegabytes(1)));
        store.beforeNextGet = () -> assertThat(compaction.run(NOW).partitionsCompacted()).isEqualTo(1);

        List<TelemetryReading> read = new TelemetryParquetReader(store).readingsOf("press-2", HOUR_10, HOUR_11);

        assertThat(store.list(PARTITION_10)).singleElement().asString().contains("compacted-");
        assertThat(read).hasSize(60).containsExactlyElementsOf(expected);
    }

    @Test
    void mergesAnHourOfMoreSmallFilesThanTheFanInInRoundsOfAtMostThatMany() throws Exception {
        FaultyStore store = newStore();
        List<TelemetryReading> written = writeFiles(store, HOUR_10, 10, 50, 0);
        List<Object> before = answers(store);
        CompactionSettings settings = new CompactionSettings(true, Duration.ofMinutes(10), Duration.ofMinutes(15),
                Duration.ofDays(2), DataSize.ofMegabytes(128), DataSize.ofMegabytes(1), 3);
        TelemetryCompaction compaction = compaction(store, settings);

        TelemetryCompaction.Report report = compaction.run(NOW);

        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        List<Integer> sourcesPerRound = new ArrayList<>();
        for (String intent : store.intentsPut) {
            int sources = json.readTree(intent).get("sources").size();
            if (json.readTree(intent).get("outputs").isEmpty()) {
                sourcesPerRound.add(sources);
            }
        }
        // 10 files: rounds of 3+3+3 (1 left), then 3 last parts + 1 file: 3 (1 left), then 2
        assertThat(sourcesPerRound).as("sources opened by each merge").containsExactly(3, 3, 3, 3, 2);
        assertThat(report.partitionsCompacted()).isEqualTo(1);
        assertThat(report.filesMerged()).isEqualTo(14);
        List<String> parts = store.list(PARTITION_10);
        assertThat(parts).singleElement().asString().endsWith("-1-last.parquet");
        assertThat(rows(store, parts.getFirst())).isEqualTo(distinct(written)).isEqualTo(500);
        assertThat(store.list(TelemetryCompaction.INTENTS_PREFIX)).isEmpty();
        assertThat(answers(store)).isEqualTo(before);
        assertThat(compaction.run(NOW).partitionsCompacted()).isZero();
    }

    @Test
    void aLegacyFilledPartIsLeftAndItsLastPartIsMergedWithNewFiles() throws Exception {
        FaultyStore store = newStore();
        List<TelemetryReading> written = new ArrayList<>(writeFiles(store, HOUR_10, 2, 30, 0));
        List<TelemetryReading> legacyFilled = new ArrayList<>();
        List<TelemetryReading> legacyLast = new ArrayList<>();
        for (long seq = 1_000; seq < 1_030; seq++) {
            legacyFilled.add(reading("press-1", HOUR_10.plusMillis(seq * 50), seq));
            legacyLast.add(reading("press-2", HOUR_10.plusMillis(seq * 50), seq + 1_000));
        }
        written.addAll(legacyLast);
        String filledKey = PARTITION_10 + "compacted-00000000000000aa-1-of-2.parquet";
        String lastKey = PARTITION_10 + "compacted-00000000000000aa-2-of-2.parquet";
        TelemetryParquetReader reader = new TelemetryParquetReader(store);
        store.put(filledKey, TelemetryParquetFiles.encode(legacyFilled), TelemetryParquetWriter.CONTENT_TYPE);
        store.put(lastKey, TelemetryParquetFiles.encode(legacyLast), TelemetryParquetWriter.CONTENT_TYPE);

        compaction(store, settings(DataSize.ofMegabytes(128), DataSize.ofMegabytes(1))).run(NOW);

        List<String> parts = store.list(PARTITION_10);
        assertThat(parts).hasSize(2).contains(filledKey).noneMatch(key -> key.equals(lastKey));
        String merged = parts.stream().filter(key -> !key.equals(filledKey)).findFirst().orElseThrow();
        assertThat(merged).endsWith("-1-last.parquet");
        assertThat(reader.read(merged)).hasSize(90).containsExactlyInAnyOrderElementsOf(written);
    }

    @Test
    void anObjectNotSortedByDeviceAndTimeFailsItsPartitionAndLosesNothing() {
        FaultyStore store = newStore();
        writeFiles(store, HOUR_10, 3, 20, 0);
        List<TelemetryReading> unsorted = List.of(reading("tracker-4", HOUR_10.plusSeconds(90), 900),
                reading("press-1", HOUR_10.plusSeconds(80), 901));
        store.put(PARTITION_10 + "part-foreign.parquet", TelemetryParquetFiles.encode(unsorted), TelemetryParquetWriter.CONTENT_TYPE);
        List<String> sources = store.list(PARTITION_10);
        List<Object> before = answers(store);
        TelemetryCompaction compaction = compaction(store, settings(DataSize.ofMegabytes(128), DataSize.ofMegabytes(1)));

        TelemetryCompaction.Report first = compaction.run(NOW);
        TelemetryCompaction.Report second = compaction.run(NOW);

        assertThat(first.partitionsFailed()).isEqualTo(1);
        assertThat(second.partitionsFailed()).isEqualTo(1);
        assertThat(second.intentsSettled()).as("the first run's intent is rolled back").isEqualTo(1);
        assertThat(store.list(PARTITION_10)).containsExactlyElementsOf(sources);
        assertThat(answers(store)).isEqualTo(before);
    }
}
