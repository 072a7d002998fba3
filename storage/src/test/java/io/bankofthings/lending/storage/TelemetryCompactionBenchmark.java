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
 * the time of one device's query over the hour before and after. Results in docs/benchmarks/compaction.md.
 */
class TelemetryCompactionBenchmark {

    private static final int FILES = 200;
    private static final int READINGS_PER_FILE = 250;
    private static final int DEVICES = 20;
    private static final int ROUNDS = 3;
    private static final Instant HOUR = Instant.parse("2026-11-22T10:00:00Z");
    private static final Instant NOW = HOUR.plus(Duration.ofHours(2));

    @TempDir
    Path dataDir;

    @Test
    void measure() throws Exception {
        List<String> report = new ArrayList<>();
        try (EmbeddedS3Server server = EmbeddedS3Server.start(dataDir.resolve("s3"), "127.0.0.1", 0, "bench", "bench-secret-0123456789")) {
            round(server, "warm-up", 40);
            for (int round = 1; round <= ROUNDS; round++) {
                report.add(round(server, "round " + round, FILES));
            }
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
        double rows = run.readingsWritten();
        double mb = run.bytesBefore() / 1e6;
        return String.format(Locale.ROOT,
                "%s: %d files -> %d objects, %d rows, %.1f s wall: %.0f rows/s, %.2f MB/s of source Parquet;"
                        + " per CPU second of the compacting thread %.0f rows, %.2f MB (%.1f s); of the process %.0f rows,"
                        + " %.2f MB (%.1f s, with S3Proxy); bytes %d -> %d (%.1f%%, %.1f -> %.1f B/reading);"
                        + " one device's hour query %.0f ms -> %.0f ms; heap %.0f B per reading held",
                name, run.filesMerged(), run.objectsWritten(), run.readingsWritten(), wall, rows / wall, mb / wall,
                rows / threadCpu, mb / threadCpu, threadCpu, rows / processCpu, mb / processCpu, processCpu,
                run.bytesBefore(), run.bytesAfter(), 100.0 * run.bytesAfter() / run.bytesBefore(),
                (double) run.bytesBefore() / rows, (double) run.bytesAfter() / rows, queryBefore / 1e6, queryAfter / 1e6, heapPerReading);
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
