package io.bankofthings.lending.storage;

import java.time.Instant;
import java.util.Map;

/** Sample readings for tests. */
final class TelemetryReadings {

    private TelemetryReadings() {}

    static TelemetryReading full(String deviceId, String timestamp, long sequence) {
        return new TelemetryReading(
                deviceId,
                Instant.parse(timestamp),
                sequence,
                31.2304,
                121.4737,
                new TelemetryMetrics(true, 1234.5, 3.25, 87.125, -4.5, 42L, false, Map.of("vibrationMmS", 0.75)));
    }

    static TelemetryReading bare(String deviceId, String timestamp, long sequence) {
        return new TelemetryReading(deviceId, Instant.parse(timestamp), sequence, null, null, TelemetryMetrics.NONE);
    }
}
