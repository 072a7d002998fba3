package io.bankofthings.lending.scoring;

import io.bankofthings.lending.storage.TelemetryParquetReader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Component;

/** Device readings for collateral checks and scoring, read from the Parquet telemetry store on S3. */
@Component
class ParquetCollateralTelemetry implements CollateralTelemetry {

    private final TelemetryParquetReader reader;
    private final Clock clock;

    ParquetCollateralTelemetry(TelemetryParquetReader reader, Clock clock) {
        this.reader = reader;
        this.clock = clock;
    }

    @Override
    public List<DeviceSample> samplesOf(String deviceId, Duration window) {
        Instant to = clock.instant();
        return reader.readingsOf(deviceId, to.minus(window), to).stream()
                .map(r -> new DeviceSample(r.timestamp(), r.latitude(), r.longitude(), r.metrics().powerOn(),
                        Boolean.TRUE.equals(r.metrics().tamper())))
                .toList();
    }
}
