package io.bankofthings.lending.scoring;

import java.time.Instant;

/**
 * What the telemetry store knows of one device over a window.
 *
 * @param readings number of readings in the window (0 when the device never reported)
 * @param lastSeen time of the newest reading, null when none
 * @param tampered whether any reading in the window carried the tamper flag
 */
public record DeviceActivity(long readings, Instant lastSeen, boolean tampered) {

    public static DeviceActivity none() {
        return new DeviceActivity(0, null, false);
    }
}
