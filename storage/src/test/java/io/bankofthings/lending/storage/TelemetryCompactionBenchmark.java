package io.bankofthings.lending.storage;

import io.bankofthings.lending.storage.embedded.EmbeddedS3Server;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/**
 * Compaction speed, not a test: the class name matches no surefire include pattern, so only
 * {@code -Dtest=TelemetryCompactionBenchmark} runs it. Writes 200 objects of 250 readings (20 devices, all metrics)
 * into one hour partition on an in-process S3Proxy, compacts it and prints rows/s, MB/s of source Parquet, the same per
 * CPU second of the compacting thread and of the whole process (which includes S3Proxy), bytes before and after, and
 * the time of one device's query over the hour before and after. Then one large hour (1,000 objects of 2,000
 * readings, 500 devices) merged into an object above the whole-read threshold, with the peak heap of the merge and
 * the bytes one device's query fetches from it by ranged reads. Results in docs/benchmarks/compaction.md.
 */
class TelemetryCompactionBenchmark {

    private static final int FILES = 200;
    private static final int READINGS_PER_FILE = 250;
    private static final int DEVICES = 20;
    private static final int ROUNDS = 3;
    private static final int LARGE_FILES = 1_000;
    private static final int LARGE_READINGS_PER_FILE = 2_000;
    private static final int LARGE_DEVICES = 500;
    private static final Instant HOUR = Instant.parse("2026-11-22T10:00:00Z");
    private static final Instant NOW = HOUR.plus(Duration.ofHours(2));

    @TempDir
    Path dataDir;

    @Test
    void measure() throws Exception {
        List<String> report = new ArrayList<>();
        if (!Boolean.getBoolean("bench.largeOnly")) { // -Dbench.largeOnly=true: only the large hour
            try (EmbeddedS3Server server = EmbeddedS3Server.start(dataDir.resolve("s3"), "127.0.0.1", 0, "bench", "bench-secret-0123456789")) {
                round(server, "warm-up", 40);
                for (int round = 1; round <= ROUNDS; round++) {
                    report.add(round(server, "round " + round, FILES));
                }
            }
        }
        try (EmbeddedS3Server server = EmbeddedS3Server.start(dataDir.resolve("s3-large"), "127.0.0.1", 0, "bench", "bench-secret-0123456789")) {
            report.add(large(server));
        }
        System.out.println("\n=== compaction benchmark: " + FILES + " files x " + READINGS_PER_FILE + " readings, "
                + DEVICES + " devices, " + Runtime.getRuntime().availableProcessors() + " cores ===");
        report.forEach(System.out::println);
    }

    private static String round(EmbeddedS3Server server, String name, int files) {
        ObjectStore store = new ObjectStore(new StorageSettings(server.endpoint(), "bench", "bench-secret-0123456789",
                "bench-" + name.replace(' ', '-'), "us-east-1"));
        TelemetryParquetWriter writer = new TelemetryParquetWriter(store);
        long seq = 0;
        for (int f = 0; f < files; f++) {
            List<TelemetryReading> batch = new ArrayList<>(READINGS_PER_FILE);
            for (int i = 0; i < READINGS_PER_FILE; i++, seq++) {
                batch.add(new TelemetryReading("device-%02d".formatted(seq % DEVICES), HOUR.plusMillis(seq * 70), seq,
                        31.2 + (seq % 1000) * 1e-5, 121.47 + (seq % 777) * 1e-5,
                        new TelemetryMetrics(seq % 3 != 0, 1000 + seq * 0.001, 2.5 + seq % 10 * 0.1, 80 + seq * 0.0005,
                                18 + seq % 50 * 0.1, 40L + seq % 9, false, Map.of("vibrationMmS", 0.5 + seq % 20 * 0.05))));
            }
            writer.write(batch);
        }
        TelemetryParquetReader reader = new TelemetryParquetReader(store);
        double heapPerReading = heapPerReading(store, reader);
        long queryBefore = queryNanos(reader);
        TelemetryCompaction compaction = new TelemetryCompaction(store, new CompactionSettings(true, Duration.ofMinutes(10),
                Duration.ofMinutes(15), Duration.ofDays(2), DataSize.ofMegabytes(128), DataSize.ofMegabytes(8),
                CompactionSettings.DEFAULT_MAX_MERGE_SOURCES), new SimpleMeterRegistry());
        long sourceBytes = bytes(store);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpuThread = threads.getCurrentThreadCpuTime();
        long cpuProcess = os.getProcessCpuTime();
        long start = System.nanoTime();
        TelemetryCompaction.Report run = compaction.run(NOW);
        double wall = (System.nanoTime() - start) / 1e9;
        double threadCpu = (threads.getCurrentThreadCpuTime() - cpuThread) / 1e9;
        double processCpu = (os.getProcessCpuTime() - cpuProcess) / 1e9;
        long queryAfter = queryNanos(reader);
        long mergedBytes = bytes(store);
        double rows = (double) files * READINGS_PER_FILE;
        double mb = sourceBytes / 1e6;
        return String.format(Locale.ROOT,
                "%s: %d files -> %d objects (%d merged, %d written in all rounds), %.0f rows, %.1f s wall: %.0f rows/s, %.2f MB/s of source Parquet;"
                        + " per CPU second of the compacting thread %.0f rows, %.2f MB (%.1f s); of the process %.0f rows,"
                        + " %.2f MB (%.1f s, with S3Proxy); bytes %d -> %d (%.1f%%, %.1f -> %.1f B/reading);"
                        + " one device's hour query %.0f ms -> %.0f ms; heap %.0f B per reading held",
                name, files, store.list(TelemetryPartitions.READINGS_PREFIX).size(), run.filesMerged(), run.objectsWritten(),
                rows, wall, rows / wall, mb / wall,
                rows / threadCpu, mb / threadCpu, threadCpu, rows / processCpu, mb / processCpu, processCpu,
                sourceBytes, mergedBytes, 100.0 * mergedBytes / sourceBytes,
                sourceBytes / rows, mergedBytes / rows, queryBefore / 1e6, queryAfter / 1e6, heapPerReading);
    }

    private static TelemetryReading reading(long seq, int devices) {
        return new TelemetryReading("device-%03d".formatted(seq % devices), HOUR.plusMillis(seq * 70 % 3_600_000), seq,
                31.2 + (seq % 1000) * 1e-5, 121.47 + (seq % 777) * 1e-5,
                new TelemetryMetrics(seq % 3 != 0, 1000 + seq * 0.001, 2.5 + seq % 10 * 0.1, 80 + seq * 0.0005,
                        18 + seq % 50 * 0.1, 40L + seq % 9, false, Map.of("vibrationMmS", 0.5 + seq % 20 * 0.05)));
    }

    /**
     * One large hour with the default settings: the streaming merge in rounds, its peak heap, and what one device's
     * query fetches from the merged object.
     */
    private static String large(EmbeddedS3Server server) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ObjectStore store = new ObjectStore(new StorageSettings(server.endpoint(), "bench", "bench-secret-0123456789",
                "bench-large", "us-east-1"), registry);
        // timestamps wrap within the hour so every reading falls into one partition
        TelemetryParquetWriter writer = new TelemetryParquetWriter(store);
        long seq = 0;
        long writeStart = System.nanoTime();
        for (int f = 0; f < LARGE_FILES; f++) {
            List<TelemetryReading> batch = new ArrayList<>(LARGE_READINGS_PER_FILE);
            for (int i = 0; i < LARGE_READINGS_PER_FILE; i++, seq++) {
                batch.add(reading(seq, LARGE_DEVICES));
            }
            writer.write(batch);
        }
        double writeSeconds = (System.nanoTime() - writeStart) / 1e9;
        TelemetryCompaction compaction = new TelemetryCompaction(store, CompactionSettings.defaults(), new SimpleMeterRegistry());
        System.gc();
        List<java.lang.management.MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == java.lang.management.MemoryType.HEAP).toList();
        long heapBefore = heap.stream().mapToLong(pool -> pool.getUsage().getUsed()).sum();
        heap.forEach(java.lang.management.MemoryPoolMXBean::resetPeakUsage);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuThread = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        TelemetryCompaction.Report run = compaction.run(NOW);
        double wall = (System.nanoTime() - start) / 1e9;
        double threadCpu = (threads.getCurrentThreadCpuTime() - cpuThread) / 1e9;
        long heapPeak = heap.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
        List<StoredObject> objects = store.listObjects(TelemetryPartitions.hourPrefix(HOUR));
        StoredObject merged = objects.getFirst();
        TelemetryParquetReader reader = new TelemetryParquetReader(store);
        double bytes = registry.get("lending.storage.bytes.read").counter().count();
        double ranges = registry.get("lending.storage.requests").tag("kind", "range").counter().count();
        long queryStart = System.nanoTime();
        int found = reader.readingsOf("device-123", HOUR, HOUR.plus(Duration.ofHours(1))).size();
        double queryMs = (System.nanoTime() - queryStart) / 1e6;
        double fetched = registry.get("lending.storage.bytes.read").counter().count() - bytes;
        double rangeRequests = registry.get("lending.storage.requests").tag("kind", "range").counter().count() - ranges;
        long rowGroups;
        try {
            rowGroups = org.apache.parquet.hadoop.ParquetFileReader.open(new S3InputFiles(store, ReadSettings.defaults())
                            .ranged(merged.key(), merged.size()),
                    org.apache.parquet.ParquetReadOptions.builder(new org.apache.parquet.conf.PlainParquetConfiguration()).build())
                    .getRowGroups().size();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return String.format(Locale.ROOT,
                "large hour: %d files (%d readings, written in %.0f s) -> %s; merge %d files in all rounds, %d objects"
                        + " written, %.1f s wall, %.1f s CPU of the compacting thread (%.0f source rows per CPU s),"
                        + " heap %d MB before, peak %d MB; bytes %d -> %d (%.1f B/reading); merged object %d bytes in %d row"
                        + " groups; one device's hour query: %d readings, %.0f ms, %.0f bytes fetched (%.1f %% of the"
                        + " object) in %.0f range requests",
                LARGE_FILES, LARGE_FILES * LARGE_READINGS_PER_FILE, writeSeconds, name(objects),
                run.filesMerged(), run.objectsWritten(), wall, threadCpu,
                LARGE_FILES * (double) LARGE_READINGS_PER_FILE / threadCpu, heapBefore >> 20, heapPeak >> 20,
                run.bytesBefore(), run.bytesAfter(), (double) merged.size() / (LARGE_FILES * LARGE_READINGS_PER_FILE),
                merged.size(), rowGroups, found, queryMs, fetched, 100 * fetched / merged.size(), rangeRequests);
    }

    private static long bytes(ObjectStore store) {
        return store.listObjects(TelemetryPartitions.READINGS_PREFIX).stream().mapToLong(StoredObject::size).sum();
    }

    private static String name(List<StoredObject> objects) {
        return objects.stream().map(o -> o.key().substring(o.key().lastIndexOf('/') + 1) + " (" + o.size() + " B)").toList().toString();
    }

    /** Returns the heap the decoded readings of the hour occupy per reading, as a merge holds them (after a GC). */
    private static double heapPerReading(ObjectStore store, TelemetryParquetReader reader) {
        Runtime runtime = Runtime.getRuntime();
        System.gc();
        long before = runtime.totalMemory() - runtime.freeMemory();
        List<TelemetryReading> held = new ArrayList<>();
        for (String key : store.list(TelemetryPartitions.READINGS_PREFIX)) {
            held.addAll(reader.read(key));
        }
        System.gc();
        long after = runtime.totalMemory() - runtime.freeMemory();
        return (double) (after - before) / held.size();
    }

    /** Returns the best of three timings of one device's readings over the hour. */
    private static long queryNanos(TelemetryParquetReader reader) {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            reader.readingsOf("device-07", HOUR, HOUR.plus(Duration.ofHours(1)));
            best = Math.min(best, System.nanoTime() - start);
        }
        return best;
    }
}
