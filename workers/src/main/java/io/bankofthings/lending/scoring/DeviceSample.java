package io.bankofthings.lending.scoring;

import java.time.Instant;

/**
 * One telemetry reading reduced to what collateral checks and entity credit need.
 *
 * @param latitude  WGS 84, null when the reading has no position (then longitude is null too)
 * @param powerOn   whether the machine was running, null when the device does not report it
 */
public record DeviceSample(Instant at, Double latitude, Double longitude, Boolean powerOn, boolean tamper) {

    public boolean hasPosition() {
        return latitude != null && longitude != null;
    }
}
