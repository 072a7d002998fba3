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
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.io.InputFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Merges the many small Parquet objects of closed hour partitions ({@code readings/date=…/hour=…/}) into objects of
 * about {@link CompactionSettings#targetObjectSize()}, rows sorted by device id, timestamp and sequence (so row-group
 * statistics skip other devices), each (device, sequence) once.
 *
 * <p>A partition is closed when its hour ended more than {@link CompactionSettings#grace()} ago; the open hour is never
 * touched. It is merged when it holds two or more <em>small</em> objects: everything except objects of the target
 * size and the filled parts of an earlier merge, so a compacted hour (one object) costs one listing and late readings
 * are merged into it on a later run.
 *
 * <p>The sources are sorted already, so a merge streams: a k-way merge over one row iterator per source into a
 * Parquet writer that rolls to a new object at the target size. It opens at most
 * {@link CompactionSettings#maxMergeSources()} sources; an hour with more is merged in rounds.
 *
 * <p>Crash safety, step by step: (1) an intent {@code compaction/date=…/hour=…/<hash>.json} names the sources, where
 * the hash is derived from the sorted source keys; (2) each output {@code compacted-<hash>-<i>-full.parquet} (or
 * {@code -last} for the last) is written and read back by its footer (size and row count); (3) the intent is rewritten
 * with the outputs and their row counts; (4) the sources are deleted; (5) the intent is deleted. Each run first
 * settles the intents left by a crash: when it lists outputs and every one verifies, it deletes the remaining
 * sources, otherwise it deletes that merge's outputs (the sources are all there). Between (2) and (4) readers see rows
 * twice, which they drop by (device, sequence). Runs must not overlap: the scheduler holds a lock across replicas.
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
    /** A filled part of a merge: never merged again. */
    private static final Pattern FULL_PART = Pattern.compile("compacted-[0-9a-f]{16}-\\d+-full\\.parquet");
    /** A part named by the previous version, which planned the parts before writing them. */
    private static final Pattern LEGACY_PART =
            Pattern.compile("compacted-([0-9a-f]{16})-(\\d+)-of-(\\d+)\\.parquet");
    private static final String PARQUET = ".parquet";
    /** Most merge rounds over one partition in one run (each round divides the small objects by the fan-in). */
    private static final int MAX_ROUNDS = 32;
    private static final Comparator<TelemetryReading> FILE_ORDER = Comparator.comparing(TelemetryReading::deviceId)
            .thenComparing(TelemetryReading::timestamp)
            .thenComparingLong(TelemetryReading::sequence);

    private final ObjectStore store;
    private final CompactionSettings settings;
    private final S3InputFiles files;
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
    public TelemetryCompaction(ObjectStore store, CompactionSettings settings, ReadSettings reads,
            ObjectProvider<MeterRegistry> registries) {
        this(store, settings, reads, registries.getIfAvailable(SimpleMeterRegistry::new));
    }

    /** Compacts in {@code store} with the default {@link ReadSettings}, meters in {@code registry}. */
    public TelemetryCompaction(ObjectStore store, CompactionSettings settings, MeterRegistry registry) {
        this(store, settings, ReadSettings.defaults(), registry);
    }

    /** Compacts in {@code store}, reading sources as {@code reads} say, meters in {@code registry}. */
    public TelemetryCompaction(ObjectStore store, CompactionSettings settings, ReadSettings reads, MeterRegistry registry) {
        this.store = store;
        this.settings = settings;
        this.files = new S3InputFiles(store, reads);
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
     * @param readingsWritten rows in the objects written (rows merged again in a later round count again)
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

    /** The result of merging one partition, or one round of it. */
    record Merge(int files, int objects, long bytesBefore, long bytesAfter, long readings, long duplicates) {

        Merge plus(Merge other) {
            return new Merge(files + other.files, objects + other.objects, bytesBefore + other.bytesBefore,
                    bytesAfter + other.bytesAfter, readings + other.readings, duplicates + other.duplicates);
        }
    }

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
     * Merges the small objects of one closed hour partition, or returns null when it holds fewer than two: in rounds
     * of at most {@link CompactionSettings#maxMergeSources()} objects (in key order), again over the small objects
     * the round left (the last part of each merge), until one small object is left.
     *
     * @param hourPrefix e.g. {@code readings/date=2026-11-22/hour=10/}
     * @param objects the listing of that partition
     */
    Merge compactPartition(String hourPrefix, List<StoredObject> objects) {
        List<StoredObject> candidates = small(objects);
        if (candidates.size() < 2) {
            return null;
        }
        Merge total = new Merge(0, 0, 0, 0, 0, 0);
        int rounds = 0;
        while (candidates.size() >= 2) {
            if (++rounds > MAX_ROUNDS) {
                throw new IllegalStateException("%s still holds %d small objects after %d merge rounds"
                        .formatted(hourPrefix, candidates.size(), MAX_ROUNDS));
            }
            for (int from = 0; from < candidates.size(); from += settings.maxMergeSources()) {
                List<StoredObject> group = candidates.subList(from, Math.min(candidates.size(), from + settings.maxMergeSources()));
                if (group.size() >= 2) {
                    total = total.plus(merge(hourPrefix, group));
                }
            }
            candidates = small(store.listObjects(hourPrefix));
        }
        partitionsCompacted.increment();
        LOG.info("Compacted {} in {} rounds: {} files ({} bytes) into {} objects ({} bytes), {} readings written,"
                        + " {} duplicates dropped",
                hourPrefix, rounds, total.files(), total.bytesBefore(), total.objects(), total.bytesAfter(),
                total.readings(), total.duplicates());
        return total;
    }

    /** Returns the Parquet objects of a listing that are not compacted yet, in key order. */
    private List<StoredObject> small(List<StoredObject> objects) {
        return objects.stream().filter(object -> object.key().endsWith(PARQUET) && !isFull(object)).toList();
    }

    /** Whether {@code object} counts as compacted: of the target size, or a filled (not the last) part of a merge. */
    private boolean isFull(StoredObject object) {
        if (object.size() >= settings.targetObjectSize().toBytes()) {
            return true;
        }
        String name = object.key().substring(object.key().lastIndexOf('/') + 1);
        if (FULL_PART.matcher(name).matches()) {
            return true;
        }
        Matcher legacy = LEGACY_PART.matcher(name);
        return legacy.matches() && Integer.parseInt(legacy.group(2)) < Integer.parseInt(legacy.group(3));
    }

    /**
     * Merges {@code sources} (at least two small objects of one partition) in one pass: a k-way merge of their rows,
     * each source already sorted by device, timestamp and sequence, streamed into objects that roll over at the
     * target size. Holds each source's current row group and one output object at a time.
     */
    private Merge merge(String hourPrefix, List<StoredObject> sources) {
        List<String> sourceKeys = sources.stream().map(StoredObject::key).sorted().toList();
        String hash = hash(sourceKeys);
        String intentKey = intentKey(hourPrefix, hash);
        putIntent(intentKey, new Intent(hourPrefix, sourceKeys, List.of()));
        long before = sources.stream().mapToLong(StoredObject::size).sum();
        List<Output> outputs = new ArrayList<>();
        long after = 0;
        long duplicates;
        try (MergedRows rows = new MergedRows(sources, files)) {
            int part = 1;
            do {
                InMemoryParquetFiles.Output file = new InMemoryParquetFiles.Output();
                long written = 0;
                try (ParquetWriter<GenericRecord> writer =
                        TelemetryParquetFiles.writer(file, settings.rowGroupSize().toBytes())) {
                    while (rows.hasNext() && writer.getDataSize() < settings.targetObjectSize().toBytes()) {
                        writer.write(TelemetrySchema.toRecord(rows.next()));
                        written++;
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("Could not encode part %d of the merge of %s".formatted(part, hourPrefix), e);
                }
                String key = partKey(hourPrefix, hash, part++, !rows.hasNext());
                store.put(key, file.inputStream(), file.size(), TelemetryParquetWriter.CONTENT_TYPE);
                verify(key, file.size(), written);
                outputs.add(new Output(key, written));
                after += file.size();
            } while (rows.hasNext());
            duplicates = rows.duplicates();
        }
        putIntent(intentKey, new Intent(hourPrefix, sourceKeys, outputs));
        Set<String> outputKeys = new HashSet<>(outputs.stream().map(Output::key).toList());
        store.delete(sourceKeys.stream().filter(key -> !outputKeys.contains(key)).toList());
        store.delete(List.of(intentKey));
        long readings = outputs.stream().mapToLong(Output::rows).sum();
        Merge merge = new Merge(sources.size(), outputs.size(), before, after, readings, duplicates);
        filesMerged.increment(merge.files());
        objectsWritten.increment(merge.objects());
        bytesBefore.increment(before);
        bytesAfter.increment(after);
        duplicatesDropped.increment(merge.duplicates());
        LOG.debug("Merged {} files of {} ({} bytes) into {} objects ({} bytes), {} readings, {} duplicates dropped",
                merge.files(), hourPrefix, before, merge.objects(), after, merge.readings(), merge.duplicates());
        return merge;
    }

    /** Returns {@code compacted-<hash>-<part>-full.parquet}, or {@code …-last.parquet} for the last part of a merge. */
    static String partKey(String hourPrefix, String hash, int part, boolean last) {
        return "%scompacted-%s-%d-%s%s".formatted(hourPrefix, hash, part, last ? "last" : "full", PARQUET);
    }

    /**
     * Reads the output back from its metadata and footer (ranged reads, not the whole object): the stored size and
     * the footer's row count must match what was written.
     */
    private void verify(String key, long bytes, long rows) {
        long size = store.size(key);
        long stored;
        try {
            stored = TelemetryParquetFiles.rowCount(files.ranged(key, size));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("Merged object %s does not read back as Parquet".formatted(key), e);
        }
        if (size != bytes || stored != rows) {
            throw new IllegalStateException("Merged object %s reads back as %d bytes and %d rows, written %d bytes and %d rows"
                    .formatted(key, size, stored, bytes, rows));
        }
    }

    /** Whether an output of an intent is stored with its row count (read from its footer). */
    private boolean verifies(Output output) {
        try {
            return TelemetryParquetFiles.rowCount(files.ranged(output.key(), store.size(output.key()))) == output.rows();
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
                boolean written = !intent.outputs().isEmpty();
                if (written && intent.outputs().stream().allMatch(output -> present.contains(output.key()) && verifies(output))) {
                    List<String> remaining = intent.sources().stream()
                            .filter(source -> present.contains(source) && !outputKeys.contains(source))
                            .toList();
                    store.delete(remaining);
                    filesMerged.increment(remaining.size());
                    LOG.info("Finished the interrupted compaction of {}: {} objects verified, {} sources deleted",
                            intent.partition(), outputKeys.size(), remaining.size());
                } else if (present.containsAll(intent.sources())) {
                    String ownParts = intent.partition() + "compacted-" + key.substring(key.lastIndexOf('/') + 1, key.length() - ".json".length()) + "-";
                    List<String> partial = present.stream()
                            .filter(object -> outputKeys.contains(object) || object.startsWith(ownParts))
                            .sorted()
                            .toList();
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

    /**
     * The rows of several sources, each sorted by device, timestamp and sequence, merged in that order (ties by the
     * sources' key order), each (device, sequence) once: the first, i.e. the earliest timestamp, as readers keep it.
     */
    private static final class MergedRows implements AutoCloseable {

        private static final Comparator<SourceRows> HEAD_ORDER =
                Comparator.comparing((SourceRows source) -> source.current, FILE_ORDER).thenComparingInt(source -> source.index);

        private final List<SourceRows> sources = new ArrayList<>();
        private final PriorityQueue<SourceRows> heads = new PriorityQueue<>(HEAD_ORDER);
        private final Set<Long> sequencesOfDevice = new HashSet<>();
        private String device;
        private TelemetryReading pending;
        private long duplicates;

        /** Opens every source (a GET of a small one, the footer of a large one) and reads its first row. */
        MergedRows(List<StoredObject> objects, S3InputFiles files) {
            try {
                for (StoredObject object : objects) {
                    SourceRows source = new SourceRows(sources.size(), object.key(), files.open(object));
                    sources.add(source);
                    if (source.advance()) {
                        heads.add(source);
                    }
                }
            } catch (RuntimeException e) {
                close();
                throw e;
            }
        }

        boolean hasNext() {
            while (pending == null && !heads.isEmpty()) {
                SourceRows head = heads.poll();
                TelemetryReading reading = head.current;
                if (head.advance()) {
                    heads.add(head);
                }
                if (!reading.deviceId().equals(device)) {
                    device = reading.deviceId();
                    sequencesOfDevice.clear();
                }
                if (sequencesOfDevice.add(reading.sequence())) {
                    pending = reading;
                } else {
                    duplicates++;
                }
            }
            return pending != null;
        }

        TelemetryReading next() {
            if (!hasNext()) {
                throw new NoSuchElementException("No rows left in the merge");
            }
            TelemetryReading next = pending;
            pending = null;
            return next;
        }

        long duplicates() {
            return duplicates;
        }

        @Override
        public void close() {
            for (SourceRows source : sources) {
                source.close();
            }
        }
    }

    /** The rows of one source in file order, checked to be sorted as they are read. */
    private static final class SourceRows {

        final int index;
        private final String key;
        private final ParquetReader<GenericRecord> reader;
        TelemetryReading current;
        private long row;

        SourceRows(int index, String key, InputFile file) {
            this.index = index;
            this.key = key;
            try {
                this.reader = TelemetryParquetFiles.reader(file, FilterCompat.NOOP);
            } catch (IOException | RuntimeException e) {
                throw TelemetryParquetReader.readFailure(key, e);
            }
        }

        /** Moves to the next row, returning false at the end. */
        boolean advance() {
            GenericRecord record;
            try {
                record = reader.read();
            } catch (IOException | RuntimeException e) {
                throw TelemetryParquetReader.readFailure(key, e);
            }
            if (record == null) {
                current = null;
                return false;
            }
            TelemetryReading next = TelemetrySchema.fromRecord(record);
            if (current != null && FILE_ORDER.compare(next, current) < 0) {
                throw new IllegalStateException("Object %s is not sorted by device, timestamp and sequence at row %d;"
                        .formatted(key, row) + " it cannot be merged");
            }
            current = next;
            row++;
            return true;
        }

        void close() {
            try {
                reader.close();
            } catch (IOException e) {
                LOG.debug("Closing the reader of {} failed: {}", key, e.toString());
            }
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
