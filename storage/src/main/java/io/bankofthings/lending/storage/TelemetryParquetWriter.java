package io.bankofthings.lending.storage;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
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

    private final ObjectStore store;

    /** Writes through {@code store}. */
    public TelemetryParquetWriter(ObjectStore store) {
        this.store = store;
    }

    /**
     * Stores {@code readings} as one new object per hour partition they fall into, sorted by device and time.
     *
     * @param readings the batch; an empty batch writes nothing
     * @return the keys written and the number of readings
     * @throws ObjectStoreException naming the key when an upload fails; objects already written stay
     */
    public TelemetryBatchStored write(List<TelemetryReading> readings) {
        Map<String, List<TelemetryReading>> partitions = new TreeMap<>();
        for (TelemetryReading reading : readings) {
            partitions.computeIfAbsent(TelemetryPartitions.hourPrefix(reading.timestamp()), p -> new ArrayList<>())
                    .add(reading);
        }
        List<String> keys = new ArrayList<>(partitions.size());
        partitions.forEach((prefix, partition) -> {
            partition.sort(FILE_ORDER);
            String key = prefix + "part-" + UUID.randomUUID() + ".parquet";
            byte[] content = TelemetryParquetFiles.encode(partition);
            store.put(key, content, CONTENT_TYPE);
            LOG.info("Stored {} readings in {} ({} bytes)", partition.size(), key, content.length);
            keys.add(key);
        });
        return new TelemetryBatchStored(keys, readings.size());
    }
}
