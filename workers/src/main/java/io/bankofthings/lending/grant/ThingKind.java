package io.bankofthings.lending.grant;

/** What a thing is; the risk table treats kinds differently. */
public enum ThingKind {
    VEHICLE,
    MACHINE,
    APPLIANCE,
    SENSOR
}
