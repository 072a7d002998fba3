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
 * The highest sequence number stored per device and when the device was last seen, in
 * {@code ingestion_device_sequence}; durable, so a replay is refused after a restart too.
 *
 * <p>The mark advances only after readings are durable (Parquet or spool): a crash in between lets the redelivered
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

    /** Returns whether {@code reading}'s sequence is at or below its device's mark. */
    public boolean isReplay(TelemetryReading reading) {
        return of(reading.deviceId()).map(mark -> reading.sequence() <= mark.highWater()).orElse(false);
    }

    /** Raises each device's mark to the highest sequence and latest timestamp among {@code readings}; never lowers it. */
    public void advance(List<TelemetryReading> readings) {
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
