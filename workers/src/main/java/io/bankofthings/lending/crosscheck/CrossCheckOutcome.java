package io.bankofthings.lending.crosscheck;

/** The verdict on one gate sighting against one GPS tracker of the same collateral item. */
public enum CrossCheckOutcome {
    /** The tracker's fix nearest in time, within the window, lies within the tolerance of the gate. */
    AGREE,
    /** The tracker's fix nearest in time, within the window, lies farther from the gate than the tolerance. */
    DISAGREE,
    /** The tracker was online around the sighting but reported no usable position within the window. */
    NO_CORROBORATION,
    /** The tracker reported nothing from the online window before the sighting until the verdict. */
    TRACKER_OFFLINE
}
