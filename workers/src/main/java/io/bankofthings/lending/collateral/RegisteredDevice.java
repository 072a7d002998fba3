package io.bankofthings.lending.collateral;

import io.bankofthings.lending.loan.DeviceType;
import java.time.Instant;

/** A device the bank knows and accepts as a watch on collateral. */
public record RegisteredDevice(String deviceId, DeviceType type, String label, String registeredBy, Instant registeredAt) {}
