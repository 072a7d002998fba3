package io.bankofthings.lending.loan;

/** Kinds of movable goods the bank lends against. */
public enum CollateralKind {
    EQUIPMENT,
    VEHICLE,
    INVENTORY_LOT
}
