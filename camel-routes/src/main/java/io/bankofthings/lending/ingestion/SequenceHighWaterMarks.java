package io.bankofthings.lending.ingestion;

import io.bankofthings.lending.storage.TelemetryReading;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The (device, sequence) pairs stored within the accepted age ({@code ingestion_seen_sequence}) and, per device, the
 * highest sequence and when it was last seen ({@code ingestion_device_sequence}); durable, so a replay is refused
 * after a restart too. Pairs are checked exactly, not against a high-water mark, so a batch redelivered after a later
 * one was stored is still accepted.
 *
 * <p>Pairs are recorded only after readings are durable (Parquet or spool): a crash in between lets the redelivered
 * message through again, and readers remove the duplicate by device and sequence.
 */
@Component
public class SequenceHighWaterMarks {

    /** What is known about one device's readings. */
    public record DeviceSequence(String deviceId, long highWater, Instant lastSeen) {}

    private final JdbcTemplate jdbc;

    /** Keeps marks in the database of {@code jdbc}. */
    public SequenceHighWaterMarks(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Returns the mark of {@code deviceId}, or empty before its first stored reading. */
    public Optional<DeviceSequence> of(String deviceId) {
        return jdbc.query("select high_water, last_seen from ingestion_device_sequence where device_id = ?",
                rs -> rs.next()
                        ? Optional.of(new DeviceSequence(deviceId, rs.getLong(1), rs.getTimestamp(2).toInstant()))
                        : Optional.<DeviceSequence>empty(),
                deviceId);
    }

    /** Returns whether a reading of the same device and sequence was stored before. */
    public boolean isReplay(TelemetryReading reading) {
        Integer found = jdbc.query("select 1 from ingestion_seen_sequence where device_id = ? and seq = ?",
                rs -> rs.next() ? 1 : null, reading.deviceId(), reading.sequence());
        return found != null;
    }

    /**
     * Forgets pairs of readings taken before {@code cutoff}; readings that old are refused as stale.
     *
     * @return the number of pairs forgotten
     */
    public int forgetBefore(Instant cutoff) {
        return jdbc.update("delete from ingestion_seen_sequence where ts < ?", Timestamp.from(cutoff));
    }

    /**
     * Records the pairs of {@code readings} and raises each device's highest sequence and last seen time; never
     * lowers them.
     */
    public void advance(List<TelemetryReading> readings) {
        jdbc.batchUpdate("insert into ingestion_seen_sequence (device_id, seq, ts) values (?, ?, ?) on conflict do nothing",
                readings.stream()
                        .map(r -> new Object[] {r.deviceId(), r.sequence(), Timestamp.from(r.timestamp())})
                        .toList());
        Map<String, long[]> highest = new HashMap<>();
        Map<String, Instant> latest = new HashMap<>();
        for (TelemetryReading reading : readings) {
            highest.merge(reading.deviceId(), new long[] {reading.sequence()},
                    (a, b) -> a[0] >= b[0] ? a : b);
            latest.merge(reading.deviceId(), reading.timestamp(), (a, b) -> a.isAfter(b) ? a : b);
        }
        List<Object[]> rows = highest.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> new Object[] {e.getKey(), e.getValue()[0], Timestamp.from(latest.get(e.getKey()))})
                .toList();
        jdbc.batchUpdate("""
                insert into ingestion_device_sequence (device_id, high_water, last_seen) values (?, ?, ?)
                on conflict (device_id) do update set
                    high_water = greatest(ingestion_device_sequence.high_water, excluded.high_water),
                    last_seen = greatest(ingestion_device_sequence.last_seen, excluded.last_seen),
                    updated_at = now()""", rows);
    }
}
