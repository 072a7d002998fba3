package io.bankofthings.lending.loan;

/** The IoT devices that watch collateral. */
public enum DeviceType {
    /** Reports position (vehicles, mobile machines). */
    GPS_TRACKER,
    /** Reports power, operating hours and current of a machine, usually with a position. */
    EQUIPMENT_MONITOR,
    /**
     * A fixed gate at a warehouse or depot that counts tagged stock or reads the item's tag ({@code tagSeen}); it reports
     * no position of its own but may be registered with where it stands.
     */
    RFID_GATE
}
