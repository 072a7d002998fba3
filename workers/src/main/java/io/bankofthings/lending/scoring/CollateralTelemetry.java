package io.bankofthings.lending.scoring;

import java.time.Duration;
import java.util.List;

/** Reads the collateral's telemetry for registration checks and scoring; implemented over the Parquet store. */
public interface CollateralTelemetry {

    /** The device's readings over the last {@code window}, oldest first; empty when it did not report. */
    List<DeviceSample> samplesOf(String deviceId, Duration window);

    /** Activity of the device over the last {@code window}; {@link DeviceActivity#none()} when it never reported. */
    default DeviceActivity activityOf(String deviceId, Duration window) {
        var samples = samplesOf(deviceId, window);
        if (samples.isEmpty()) {
            return DeviceActivity.none();
        }
        return new DeviceActivity(samples.size(), samples.getLast().at(), samples.stream().anyMatch(DeviceSample::tamper));
    }
}
