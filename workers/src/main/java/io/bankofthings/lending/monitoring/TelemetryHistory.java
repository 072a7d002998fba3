package io.bankofthings.lending.monitoring;

import io.bankofthings.lending.storage.TelemetryReading;
import java.time.Instant;
import java.util.List;

/**
 * The readings a device sent over a window, for the periodic covenant review; implemented over the Parquet store.
 * This is the seam for the ingestion's query and aggregate API once it exists.
 */
public interface TelemetryHistory {

    /** Readings of {@code deviceId} with timestamps in {@code [from, to)}, oldest first; empty when none. */
    List<TelemetryReading> readingsOf(String deviceId, Instant from, Instant to);
}
