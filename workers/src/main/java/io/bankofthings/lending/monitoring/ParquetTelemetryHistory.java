package io.bankofthings.lending.monitoring;

import io.bankofthings.lending.storage.TelemetryParquetReader;
import io.bankofthings.lending.storage.TelemetryReading;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Component;

/** Telemetry history read from the Parquet objects on S3. */
@Component
class ParquetTelemetryHistory implements TelemetryHistory {

    private final TelemetryParquetReader reader;

    ParquetTelemetryHistory(TelemetryParquetReader reader) {
        this.reader = reader;
    }

    @Override
    public List<TelemetryReading> readingsOf(String deviceId, Instant from, Instant to) {
        return reader.readingsOf(deviceId, from, to);
    }
}
