package io.bankofthings.lending.scoring;

import java.time.Duration;

/** Reads the collateral's telemetry for scoring; implemented over the Parquet store. */
public interface CollateralTelemetry {

    /** Activity of the device over the last {@code window}; {@link DeviceActivity#none()} when it never reported. */
    DeviceActivity activityOf(String deviceId, Duration window);
}
