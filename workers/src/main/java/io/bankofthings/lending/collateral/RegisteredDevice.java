package io.bankofthings.lending.collateral;

import io.bankofthings.lending.loan.DeviceType;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A device the bank knows and accepts as a watch on collateral.
 *
 * @param latitude where a fixed device (an RFID gate) stands, WGS84 degrees, or null when not registered
 * @param longitude see {@code latitude}; given together with it
 */
public record RegisteredDevice(String deviceId, DeviceType type, String label, String registeredBy, Instant registeredAt,
        @Nullable Double latitude, @Nullable Double longitude) {}
