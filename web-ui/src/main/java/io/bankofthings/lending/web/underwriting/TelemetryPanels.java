package io.bankofthings.lending.web.underwriting;

import io.bankofthings.lending.storage.TelemetryParquetReader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Reads the last {@link #WINDOW} of a device's telemetry for the underwriter's decision form. */
@Component
class TelemetryPanels {

    static final Duration WINDOW = Duration.ofDays(30);
    private static final Logger LOG = LoggerFactory.getLogger(TelemetryPanels.class);

    private final TelemetryParquetReader reader;
    private final Clock clock;

    TelemetryPanels(TelemetryParquetReader reader, Clock clock) {
        this.reader = reader;
        this.clock = clock;
    }

    /** The device's panel; a storage failure gives a panel that says so, the page still works. */
    TelemetryPanel of(String deviceId) {
        Instant to = clock.instant();
        Instant from = to.minus(WINDOW);
        try {
            return TelemetryPanel.of(deviceId, from, to, reader.readingsOf(deviceId, from, to));
        } catch (RuntimeException e) {
            LOG.warn("Telemetry of device {} could not be read for the decision form", deviceId, e);
            return TelemetryPanel.unavailable(deviceId, from, to, "telemetry store unavailable: " + e.getClass().getSimpleName());
        }
    }
}
