package io.bankofthings.lending.loan;

/** One device bound to a collateral item. */
public record BoundDevice(String deviceId, DeviceType type) {}
