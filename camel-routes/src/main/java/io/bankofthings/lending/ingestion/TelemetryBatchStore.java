package io.bankofthings.lending.ingestion;

import io.bankofthings.lending.storage.ObjectStoreException;
import io.bankofthings.lending.storage.TelemetryParquetWriter;
import io.bankofthings.lending.storage.TelemetryReading;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.camel.Body;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

/**
 * Makes accepted readings durable: removes duplicates (same device and sequence) within the batch, writes Parquet,
 * then raises the devices' sequence high-water marks and counts.
 */
@Component
public class TelemetryBatchStore {

    /** Where a batch of webhook readings went. */
    public enum Outcome {
        /** Written to Parquet on S3. */
        WRITTEN,
        /** S3 was unreachable: kept in the PostgreSQL spool, written to Parquet when S3 is back. */
        SPOOLED
    }

    private final TelemetryParquetWriter writer;
    private final TelemetrySpool spool;
    private final SequenceHighWaterMarks sequences;
    private final IngestionMetrics metrics;

    /** Writes with {@code writer}, spools in {@code spool}, marks in {@code sequences}, counts in {@code metrics}. */
    public TelemetryBatchStore(
            TelemetryParquetWriter writer,
            TelemetrySpool spool,
            SequenceHighWaterMarks sequences,
            IngestionMetrics metrics) {
        this.writer = writer;
        this.spool = spool;
        this.sequences = sequences;
        this.metrics = metrics;
    }

    /**
     * Writes an MQTT batch to Parquet; a failure propagates, so the route retries and acknowledges nothing.
     *
     * @param batchId id of the batch; a retry writes the same objects
     * @param readings the batch
     * @return the readings written: the batch without the later readings of the same device and sequence
     * @throws ObjectStoreException when S3 is unreachable
     */
    public List<TelemetryReading> store(@Header(IngestionHeaders.BATCH_ID) String batchId, @Body List<TelemetryReading> readings) {
        List<TelemetryReading> unique = withoutDuplicates(readings);
        metrics.batchStored(writer.write(batchId, unique));
        accepted(unique, false);
        return unique;
    }

    /**
     * Writes a webhook batch to Parquet, or spools it in PostgreSQL while S3 is unreachable; either way it is durable
     * on return.
     *
     * @param batchId id of the batch
     * @param readings the batch, already proven authentic
     * @return where the batch went
     */
    public Outcome storeOrSpool(String batchId, List<TelemetryReading> readings) {
        List<TelemetryReading> unique = withoutDuplicates(readings);
        if (unique.isEmpty()) {
            return Outcome.WRITTEN;
        }
        Outcome outcome;
        try {
            metrics.batchStored(writer.write(batchId, unique));
            outcome = Outcome.WRITTEN;
        } catch (ObjectStoreException s3Down) {
            spool.spoolReadings(unique);
            metrics.readingsSpooled(unique.size());
            outcome = Outcome.SPOOLED;
        }
        accepted(unique, true);
        return outcome;
    }

    private void accepted(List<TelemetryReading> readings, boolean webhook) {
        if (readings.isEmpty()) {
            return;
        }
        sequences.advance(readings);
        metrics.readingsAccepted(readings.size(), webhook);
        readings.stream().map(TelemetryReading::timestamp).max(Comparator.naturalOrder())
                .ifPresent(newest -> metrics.lag(newest, Instant.now()));
    }

    /** Returns {@code readings} without the later ones of the same device and sequence, in order. */
    public static List<TelemetryReading> withoutDuplicates(List<TelemetryReading> readings) {
        Set<String> seen = new HashSet<>();
        List<TelemetryReading> unique = new ArrayList<>(readings.size());
        for (TelemetryReading reading : readings) {
            if (seen.add(reading.deviceId() + '\u0000' + reading.sequence())) {
                unique.add(reading);
            }
        }
        return unique;
    }
}
