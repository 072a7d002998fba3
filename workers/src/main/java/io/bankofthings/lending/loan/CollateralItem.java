package io.bankofthings.lending.loan;

/** One pledged item of movable goods, watched through the IoT device bound to it; value in minor units. */
public record CollateralItem(
        String collateralId, CollateralKind kind, String description, long declaredValueMinor, String deviceId) {}
