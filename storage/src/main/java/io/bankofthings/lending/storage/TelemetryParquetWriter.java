package io.bankofthings.lending.storage;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Writes batches of readings as immutable ZSTD Parquet objects under
 * {@code readings/date=YYYY-MM-DD/hour=HH/part-<uuid>.parquet}, partitioned by each reading's UTC timestamp.
 */
@Component
public class TelemetryParquetWriter {

    /** Content type recorded with every Parquet object. */
    public static final String CONTENT_TYPE = "application/vnd.apache.parquet";

    private static final Logger LOG = LoggerFactory.getLogger(TelemetryParquetWriter.class);

    private static final Comparator<TelemetryReading> FILE_ORDER = Comparator.comparing(TelemetryReading::deviceId)
            .thenComparing(TelemetryReading::timestamp)
            .thenComparingLong(TelemetryReading::sequence);

    private static final Pattern BATCH_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

    private final ObjectStore store;

    /** Writes through {@code store}. */
    public TelemetryParquetWriter(ObjectStore store) {
        this.store = store;
    }

    /**
     * Stores {@code readings} as one new object per hour partition they fall into, under a random batch id.
     *
     * @see #write(String, List)
     */
    public TelemetryBatchStored write(List<TelemetryReading> readings) {
        return write(UUID.randomUUID().toString(), readings);
    }

    /**
     * Stores {@code readings} as one object per hour partition they fall into, sorted by device and time, under
     * {@code part-<batchId>.parquet}; writing the same batch again overwrites the same objects with the same content.
     *
     * @param batchId id of the batch, letters, digits and dashes, e.g. a UUID
     * @param readings the batch; an empty batch writes nothing
     * @return the keys written and the number of readings
     * @throws IllegalArgumentException when the batch id has other characters
     * @throws ObjectStoreException naming the key when an upload fails; objects already written stay
     */
    public TelemetryBatchStored write(String batchId, List<TelemetryReading> readings) {
        if (!BATCH_ID.matcher(batchId).matches()) {
            throw new IllegalArgumentException("Batch id must match %s: '%s'".formatted(BATCH_ID, batchId));
        }
        Map<String, List<TelemetryReading>> partitions = new TreeMap<>();
        for (TelemetryReading reading : readings) {
            partitions.computeIfAbsent(TelemetryPartitions.hourPrefix(reading.timestamp()), p -> new ArrayList<>())
                    .add(reading);
        }
        List<String> keys = new ArrayList<>(partitions.size());
        long[] bytes = {0};
        partitions.forEach((prefix, partition) -> {
            partition.sort(FILE_ORDER);
            String key = prefix + "part-" + batchId + ".parquet";
            byte[] content = TelemetryParquetFiles.encode(partition);
            store.put(key, content, CONTENT_TYPE);
            bytes[0] += content.length;
            LOG.debug("Stored {} readings in {} ({} bytes)", partition.size(), key, content.length);
            keys.add(key);
        });
        return new TelemetryBatchStored(keys, readings.size(), bytes[0]);
    }
}
