package io.bankofthings.lending.scoring;

import io.bankofthings.lending.storage.TelemetryParquetReader;
import io.bankofthings.lending.storage.TelemetryReading;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.stereotype.Component;

/** Device activity for scoring, read from the Parquet telemetry store on S3. */
@Component
class ParquetCollateralTelemetry implements CollateralTelemetry {

    private final TelemetryParquetReader reader;
    private final Clock clock;

    ParquetCollateralTelemetry(TelemetryParquetReader reader, Clock clock) {
        this.reader = reader;
        this.clock = clock;
    }

    @Override
    public DeviceActivity activityOf(String deviceId, Duration window) {
        Instant to = clock.instant();
        var readings = reader.readingsOf(deviceId, to.minus(window), to);
        if (readings.isEmpty()) {
            return DeviceActivity.none();
        }
        Instant lastSeen = readings.getLast().timestamp();
        boolean tampered = readings.stream().map(TelemetryReading::metrics).anyMatch(m -> Boolean.TRUE.equals(m.tamper()));
        return new DeviceActivity(readings.size(), lastSeen, tampered);
    }
}
