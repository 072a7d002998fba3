package io.bankofthings.lending.storage;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One measurement sent by a device, in the canonical form every ingestion path produces and the Parquet files hold.
 *
 * <p>Readings are immutable and written once; {@code (deviceId, sequence)} identifies a reading for deduplication.
 *
 * @param deviceId id of the sending device; not blank
 * @param timestamp when the device took the reading, truncated to microseconds (the Parquet precision)
 * @param sequence device-local counter, increasing per reading; not negative
 * @param latitude WGS84 latitude in degrees within [-90, 90], or null without a position
 * @param longitude WGS84 longitude in degrees within [-180, 180], or null without a position
 * @param metrics measured values; never null, possibly empty
 */
public record TelemetryReading(
        String deviceId,
        Instant timestamp,
        long sequence,
        @Nullable Double latitude,
        @Nullable Double longitude,
        TelemetryMetrics metrics) {

    /** Checks the values and truncates the timestamp to microseconds. */
    public TelemetryReading {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(metrics, "metrics");
        if (deviceId.isBlank()) {
            throw new IllegalArgumentException("Device id must not be blank: '%s'".formatted(deviceId));
        }
        if (sequence < 0) {
            throw new IllegalArgumentException("Sequence must not be negative: %d".formatted(sequence));
        }
        if ((latitude == null) != (longitude == null)) {
            throw new IllegalArgumentException(
                    "Latitude and longitude must be given together: lat=%s, lon=%s".formatted(latitude, longitude));
        }
        if (latitude != null && !(latitude >= -90 && latitude <= 90)) {
            throw new IllegalArgumentException("Latitude out of range [-90, 90]: %s".formatted(latitude));
        }
        if (longitude != null && !(longitude >= -180 && longitude <= 180)) {
            throw new IllegalArgumentException("Longitude out of range [-180, 180]: %s".formatted(longitude));
        }
        timestamp = timestamp.truncatedTo(ChronoUnit.MICROS);
    }
}
