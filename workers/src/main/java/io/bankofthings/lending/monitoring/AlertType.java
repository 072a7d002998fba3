package io.bankofthings.lending.monitoring;

/** What an alert is about; the alert-response table decides by this name. */
public enum AlertType {
    /** Collateral outside its geofence. */
    GEOFENCE,
    /** No reading received for longer than the collateral's offline threshold (server receive time). */
    OFFLINE,
    /** The device reports tampering or removal. */
    TAMPER,
    /** Share of time in operation below the covenant minimum over the review window. */
    OPERATING_RATE,
    /** Counted inventory below the pledged quantity. */
    INVENTORY,
    /** Loan-to-value, revalued from hours of use, above its limit. */
    LTV
}
