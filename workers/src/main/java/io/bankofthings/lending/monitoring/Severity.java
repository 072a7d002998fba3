package io.bankofthings.lending.monitoring;

/** How serious an alert is: an early warning before a breach, or the breach itself. */
public enum Severity {
    WARNING,
    BREACH
}
