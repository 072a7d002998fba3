package io.bankofthings.lending.storage;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Merges the many small Parquet objects of closed hour partitions ({@code readings/date=…/hour=…/}) into objects of
 * {@link CompactionSettings#targetObjectSize()}, rows sorted by device id, timestamp and sequence (so row-group
 * statistics skip other devices), each (device, sequence) once.
 *
 * <p>A partition is closed when its hour ended more than {@link CompactionSettings#grace()} ago; the open hour is never
 * touched. It is merged when it holds two or more <em>small</em> objects: everything except objects of the target
 * size and the filled parts of an earlier merge, so a compacted hour (one object) costs one listing and late readings
 * are merged into it on a later run.
 *
 * <p>Crash safety, step by step: (1) an intent {@code compaction/date=…/hour=…/<hash>.json} names the sources and the
 * outputs {@code compacted-<hash>-<i>-of-<n>.parquet}, where the hash is derived from the sorted source keys; (2) each
 * output is written and read back (size and row count); (3) the sources are deleted; (4) the intent is deleted. Each
 * run first settles the intents left by a crash: when every output verifies, it deletes the remaining sources,
 * otherwise it deletes the partial outputs (the sources are all there). Between (2) and (3) readers see rows twice,
 * which they drop by (device, sequence). Runs must not overlap: the scheduler holds a lock across replicas.
 *
 * <p>Meters: {@code lending.storage.compaction.runs}, {@code .partitions.compacted}, {@code .partitions.failed},
 * {@code .files.merged}, {@code .objects.written}, {@code .bytes.before}, {@code .bytes.after},
 * {@code .duplicates.dropped}. Logs name partitions and counts only.
 */
@Component
public class TelemetryCompaction {

    /** Key prefix of the intents of merges in progress. */
    public static final String INTENTS_PREFIX = "compaction/";

    private static final Logger LOG = LoggerFactory.getLogger(TelemetryCompaction.class);
    private static final Pattern COMPACTED_PART =
            Pattern.compile("compacted-([0-9a-f]{16})-(\\d+)-of-(\\d+)\\.parquet");
    private static final String PARQUET = ".parquet";
    private static final int SAMPLE_ROWS = 20_000;
    private static final Comparator<TelemetryReading> FILE_ORDER = Comparator.comparing(TelemetryReading::deviceId)
            .thenComparing(TelemetryReading::timestamp)
            .thenComparingLong(TelemetryReading::sequence);

    private final ObjectStore store;
    private final CompactionSettings settings;
    private final ObjectMapper json = new ObjectMapper();
    private final Counter runs;
    private final Counter partitionsCompacted;
    private final Counter partitionsFailed;
    private final Counter filesMerged;
    private final Counter objectsWritten;
    private final Counter bytesBefore;
    private final Counter bytesAfter;
    private final Counter duplicatesDropped;

    /** Compacts in {@code store}, meters in the application's registry or a private one. */
    @Autowired
    public TelemetryCompaction(ObjectStore store, CompactionSettings settings, ObjectProvider<MeterRegistry> registries) {
        this(store, settings, registries.getIfAvailable(SimpleMeterRegistry::new));
    }

    /** Compacts in {@code store}, meters in {@code registry}. */
    public TelemetryCompaction(ObjectStore store, CompactionSettings settings, MeterRegistry registry) {
        this.store = store;
        this.settings = settings;
        runs = counter(registry, "runs", "Compaction runs completed");
        partitionsCompacted = counter(registry, "partitions.compacted", "Hour partitions merged");
        partitionsFailed = counter(registry, "partitions.failed", "Hour partitions whose merge failed (retried next run)");
        filesMerged = counter(registry, "files.merged", "Small Parquet objects merged and deleted");
        objectsWritten = counter(registry, "objects.written", "Merged Parquet objects written");
        bytesBefore = Counter.builder("lending.storage.compaction.bytes.before").baseUnit("bytes")
                .description("Parquet bytes of the merged small objects").register(registry);
        bytesAfter = Counter.builder("lending.storage.compaction.bytes.after").baseUnit("bytes")
                .description("Parquet bytes of the objects written by merges").register(registry);
        duplicatesDropped = counter(registry, "duplicates.dropped", "Readings stored twice, kept once by merges");
    }

    private static Counter counter(MeterRegistry registry, String name, String description) {
        return Counter.builder("lending.storage.compaction." + name).description(description).register(registry);
    }

    /**
     * What one run did.
     *
     * @param startedAt when the run started
     * @param finishedAt when it ended
     * @param partitionsScanned closed hour partitions looked at
     * @param partitionsCompacted partitions merged
     * @param partitionsFailed partitions whose merge failed; left as they were for the next run
     * @param intentsSettled merges interrupted by an earlier crash that this run finished or rolled back
     * @param filesMerged small objects merged (and deleted)
     * @param objectsWritten merged objects written
     * @param bytesBefore bytes of the merged small objects
     * @param bytesAfter bytes of the objects written
     * @param readingsWritten rows in the objects written
     * @param duplicatesDropped rows dropped as a repeat of a (device, sequence)
     */
    public record Report(
            Instant startedAt,
            Instant finishedAt,
            int partitionsScanned,
            int partitionsCompacted,
            int partitionsFailed,
            int intentsSettled,
            long filesMerged,
            long objectsWritten,
            long bytesBefore,
            long bytesAfter,
            long readingsWritten,
            long duplicatesDropped) {}

    /** The result of merging one partition. */
    record Merge(int files, int objects, long bytesBefore, long bytesAfter, long readings, long duplicates) {}

    /** What an intent records; outputs in part order. */
    record Intent(String partition, List<String> sources, List<Output> outputs) {}

    /** One planned output object and its row count. */
    record Output(String key, long rows) {}

    /** Runs once at the current time. */
    public Report run() {
        return run(Instant.now());
    }

    /**
     * Settles interrupted merges, then merges every closed hour partition of the last
     * {@link CompactionSettings#lookback()} before {@code now} that holds two or more small objects. A failing
     * partition is logged and counted and the run goes on; it is tried again on the next run.
     *
     * @throws ObjectStoreException when the store cannot be listed at all
     */
    public Report run(Instant now) {
        Instant startedAt = Instant.now();
        int intents = settleIntents();
        Totals totals = new Totals();
        LocalDate first = LocalDate.ofInstant(now.minus(settings.lookback()), ZoneOffset.UTC);
        LocalDate last = LocalDate.ofInstant(now, ZoneOffset.UTC);
        for (LocalDate date = first; !date.isAfter(last); date = date.plusDays(1)) {
            Map<String, List<StoredObject>> hours = new TreeMap<>();
            for (StoredObject object : store.listObjects(TelemetryPartitions.datePrefix(date))) {
                String hour = object.key().substring(0, object.key().lastIndexOf('/') + 1);
                hours.computeIfAbsent(hour, h -> new ArrayList<>()).add(object);
            }
            hours.forEach((hour, objects) -> {
                Instant start = TelemetryPartitions.hourStart(hour);
                if (start == null || isOpen(start, now)) {
                    return;
                }
                totals.scanned++;
                try {
                    Merge merge = compactPartition(hour, objects);
                    if (merge != null) {
                        totals.add(merge);
                    }
                } catch (RuntimeException e) {
                    totals.failed++;
                    partitionsFailed.increment();
                    LOG.warn("Compaction of {} failed, retried next run: {}", hour, e.toString());
                }
            });
        }
        runs.increment();
        Report report = totals.report(startedAt, Instant.now(), intents);
        if (report.partitionsCompacted() > 0 || report.partitionsFailed() > 0 || intents > 0) {
            LOG.info("Compaction run: {} partitions merged ({} failed, {} interrupted merges settled), {} files into {}"
                            + " objects, {} -> {} bytes, {} duplicates dropped",
                    report.partitionsCompacted(), report.partitionsFailed(), intents, report.filesMerged(),
                    report.objectsWritten(), report.bytesBefore(), report.bytesAfter(), report.duplicatesDropped());
        }
        return report;
    }

    private boolean isOpen(Instant hourStart, Instant now) {
        return hourStart.plus(Duration.ofHours(1)).plus(settings.grace()).isAfter(now);
    }

    /**
     * Merges the small objects of one closed hour partition, or returns null when it holds fewer than two.
     *
     * @param hourPrefix e.g. {@code readings/date=2026-11-22/hour=10/}
     * @param objects the listing of that partition
     */
    Merge compactPartition(String hourPrefix, List<StoredObject> objects) {
        List<StoredObject> candidates = objects.stream()
                .filter(object -> object.key().endsWith(PARQUET) && !isFull(object))
                .toList();
        if (candidates.size() < 2) {
            return null;
        }
        return merge(hourPrefix, candidates);
    }

    /** Whether {@code object} counts as compacted: of the target size, or a filled (not the last) part of a merge. */
    private boolean isFull(StoredObject object) {
        if (object.size() >= settings.targetObjectSize().toBytes()) {
            return true;
        }
        Matcher part = COMPACTED_PART.matcher(object.key().substring(object.key().lastIndexOf('/') + 1));
        return part.matches() && Integer.parseInt(part.group(2)) < Integer.parseInt(part.group(3));
    }

    /**
     * Merges candidates in key order until {@link CompactionSettings#maxMergeReadings()} readings are held (at least
     * two objects); the candidates not read wait for the next run.
     */
    private Merge merge(String hourPrefix, List<StoredObject> candidates) {
        List<StoredObject> sources = new ArrayList<>();
        List<TelemetryReading> readings = new ArrayList<>();
        long before = 0;
        for (StoredObject candidate : candidates) {
            if (sources.size() >= 2 && readings.size() >= settings.maxMergeReadings()) {
                break;
            }
            byte[] content = store.get(candidate.key());
            before += content.length;
            readings.addAll(decode(candidate.key(), content));
            sources.add(candidate);
        }
        List<String> sourceKeys = sources.stream().map(StoredObject::key).sorted().toList();
        String hash = hash(sourceKeys);
        int read = readings.size();
        readings = withoutDuplicates(readings);
        readings.sort(FILE_ORDER);
        List<List<TelemetryReading>> chunks = chunks(readings);
        List<Output> outputs = new ArrayList<>(chunks.size());
        for (int i = 0; i < chunks.size(); i++) {
            outputs.add(new Output("%scompacted-%s-%d-of-%d%s".formatted(hourPrefix, hash, i + 1, chunks.size(), PARQUET),
                    chunks.get(i).size()));
        }
        String intentKey = intentKey(hourPrefix, hash);
        putIntent(intentKey, new Intent(hourPrefix, sourceKeys, outputs));
        long after = 0;
        for (int i = 0; i < chunks.size(); i++) {
            byte[] content = TelemetryParquetFiles.encode(chunks.get(i), settings.rowGroupSize().toBytes());
            store.put(outputs.get(i).key(), content, TelemetryParquetWriter.CONTENT_TYPE);
            verify(outputs.get(i), content.length);
            after += content.length;
        }
        Set<String> outputKeys = new HashSet<>(outputs.stream().map(Output::key).toList());
        store.delete(sourceKeys.stream().filter(key -> !outputKeys.contains(key)).toList());
        store.delete(List.of(intentKey));
        Merge merge = new Merge(sources.size(), outputs.size(), before, after, readings.size(), read - readings.size());
        partitionsCompacted.increment();
        filesMerged.increment(merge.files());
        objectsWritten.increment(merge.objects());
        bytesBefore.increment(before);
        bytesAfter.increment(after);
        duplicatesDropped.increment(merge.duplicates());
        LOG.info("Compacted {}: {} files ({} bytes) into {} objects ({} bytes), {} readings, {} duplicates dropped",
                hourPrefix, merge.files(), before, merge.objects(), after, merge.readings(), merge.duplicates());
        return merge;
    }

    /**
     * Splits sorted readings into objects of about the target size, and of at most
     * {@link CompactionSettings#maxMergeReadings()} rows: the size per row is estimated from an encoded sample; every
     * object but the last is filled, so only the last counts as small on later runs.
     */
    private List<List<TelemetryReading>> chunks(List<TelemetryReading> readings) {
        int sampleRows = Math.min(readings.size(), SAMPLE_ROWS);
        long sampleBytes = TelemetryParquetFiles.encode(readings.subList(0, sampleRows), settings.rowGroupSize().toBytes()).length;
        double bytesPerRow = Math.max(1.0, (double) sampleBytes / Math.max(1, sampleRows));
        int rowsPerObject = (int) Math.max(1, Math.min(settings.maxMergeReadings(), settings.targetObjectSize().toBytes() / bytesPerRow));
        List<List<TelemetryReading>> chunks = new ArrayList<>();
        for (int from = 0; from < readings.size(); from += rowsPerObject) {
            chunks.add(readings.subList(from, Math.min(readings.size(), from + rowsPerObject)));
        }
        return chunks;
    }

    /** Reads the output back: the stored size and the row count of its footer must match what was written. */
    private void verify(Output output, long bytes) {
        byte[] stored = store.get(output.key());
        long rows;
        try {
            rows = TelemetryParquetFiles.rowCount(stored);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("Merged object %s does not read back as Parquet".formatted(output.key()), e);
        }
        if (stored.length != bytes || rows != output.rows()) {
            throw new IllegalStateException("Merged object %s reads back as %d bytes and %d rows, written %d bytes and %d rows"
                    .formatted(output.key(), stored.length, rows, bytes, output.rows()));
        }
    }

    /** Whether every output of an intent is stored with its row count. */
    private boolean verifies(Output output) {
        try {
            return TelemetryParquetFiles.rowCount(store.get(output.key())) == output.rows();
        } catch (ObjectNotFoundException e) {
            return false;
        } catch (IOException | RuntimeException e) {
            LOG.warn("Merged object {} of an interrupted merge does not read back: {}", output.key(), e.toString());
            return false;
        }
    }

    /**
     * Finishes or rolls back the merges an earlier run left half done, returning how many it settled; an intent that
     * fails again is left for the next run.
     */
    int settleIntents() {
        int settled = 0;
        for (String key : store.list(INTENTS_PREFIX)) {
            try {
                Intent intent = json.readValue(store.get(key), Intent.class);
                Set<String> present = new HashSet<>(store.list(intent.partition()));
                Set<String> outputKeys = new HashSet<>(intent.outputs().stream().map(Output::key).toList());
                if (intent.outputs().stream().allMatch(output -> present.contains(output.key()) && verifies(output))) {
                    List<String> remaining = intent.sources().stream()
                            .filter(source -> present.contains(source) && !outputKeys.contains(source))
                            .toList();
                    store.delete(remaining);
                    filesMerged.increment(remaining.size());
                    LOG.info("Finished the interrupted compaction of {}: {} objects verified, {} sources deleted",
                            intent.partition(), outputKeys.size(), remaining.size());
                } else if (present.containsAll(intent.sources())) {
                    List<String> partial = outputKeys.stream().filter(present::contains).sorted().toList();
                    store.delete(partial);
                    LOG.info("Rolled back the interrupted compaction of {}: {} partial objects deleted, {} sources kept",
                            intent.partition(), partial.size(), intent.sources().size());
                } else {
                    partitionsFailed.increment();
                    LOG.error("Interrupted compaction {} has unverified outputs and missing sources; left for an operator", key);
                    continue;
                }
                store.delete(List.of(key));
                settled++;
            } catch (IOException | RuntimeException e) {
                partitionsFailed.increment();
                LOG.warn("Could not settle the interrupted compaction {}, retried next run: {}", key, e.toString());
            }
        }
        return settled;
    }

    private void putIntent(String key, Intent intent) {
        try {
            store.put(key, json.writeValueAsBytes(intent), "application/json");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not serialize compaction intent " + key, e);
        }
    }

    /** Returns {@code compaction/date=…/hour=…/<hash>.json} for a partition {@code readings/date=…/hour=…/}. */
    static String intentKey(String hourPrefix, String hash) {
        return INTENTS_PREFIX + hourPrefix.substring(TelemetryPartitions.READINGS_PREFIX.length()) + hash + ".json";
    }

    private static List<TelemetryReading> decode(String key, byte[] content) {
        try {
            return TelemetryParquetFiles.decode(content, FilterCompat.NOOP);
        } catch (IOException | RuntimeException e) {
            throw new UncheckedIOException(new IOException("Could not read Parquet object %s".formatted(key), e));
        }
    }

    /** Keeps the first reading of each (device, sequence), in the given order. */
    private static List<TelemetryReading> withoutDuplicates(List<TelemetryReading> readings) {
        Map<DeviceSequence, TelemetryReading> unique = new LinkedHashMap<>(readings.size() * 2);
        for (TelemetryReading reading : readings) {
            unique.putIfAbsent(new DeviceSequence(reading.deviceId(), reading.sequence()), reading);
        }
        return new ArrayList<>(unique.values());
    }

    private record DeviceSequence(String deviceId, long sequence) {}

    /** Returns the first 16 hex digits of the SHA-256 of the sorted keys, one per line. */
    static String hash(List<String> sortedKeys) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(String.join("\n", sortedKeys).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Sums the merges of one run. */
    private static final class Totals {
        int scanned;
        int compacted;
        int failed;
        long files;
        long objects;
        long before;
        long after;
        long readings;
        long duplicates;

        void add(Merge merge) {
            compacted++;
            files += merge.files();
            objects += merge.objects();
            before += merge.bytesBefore();
            after += merge.bytesAfter();
            readings += merge.readings();
            duplicates += merge.duplicates();
        }

        Report report(Instant startedAt, Instant finishedAt, int intents) {
            return new Report(startedAt, finishedAt, scanned, compacted, failed, intents, files, objects, before, after,
                    readings, duplicates);
        }
    }
}
