package io.bankofthings.lending.crosscheck;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the two-source cross-check, bound from {@code lending.ingestion.crosscheck.*}.
 *
 * @param enabled whether stored batches are cross-checked at all
 * @param window how far in time (either way) a GPS fix may lie from a gate sighting to be compared with it
 * @param toleranceMeters how far the fix may lie from the gate and still agree, in metres, before the fix's own
 *     reported accuracy is added
 * @param maxAccuracyMeters a fix reporting a worse accuracy than this, in metres, is not a usable position
 * @param onlineWindow a tracker that reported within this time before the sighting (or any time after it) is online
 * @param settleDelay how long after the window's end a sighting waits for late tracker readings before its verdict is
 *     given without them
 * @param retention how long recent readings of cross-checked devices are kept for the check; a reading older than
 *     this when it arrives is not cross-checked
 * @param sweepInterval how often sightings still waiting for a verdict are judged
 * @param deviceRefresh how long the list of cross-checked devices (trackers and gates of live collateral) is reused
 *     before it is read again; a device bound by a newer application is cross-checked after at most this long
 */
@ConfigurationProperties("lending.ingestion.crosscheck")
public record CrossCheckSettings(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("5m") Duration window,
        @DefaultValue("250") double toleranceMeters,
        @DefaultValue("500") double maxAccuracyMeters,
        @DefaultValue("30m") Duration onlineWindow,
        @DefaultValue("1m") Duration settleDelay,
        @DefaultValue("2h") Duration retention,
        @DefaultValue("30s") Duration sweepInterval,
        @DefaultValue("10s") Duration deviceRefresh) {

    /** Checks the ranges. */
    public CrossCheckSettings {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("lending.ingestion.crosscheck.window must be positive: " + window);
        }
        if (!(toleranceMeters >= 0)) {
            throw new IllegalArgumentException(
                    "lending.ingestion.crosscheck.tolerance-meters must not be negative: " + toleranceMeters);
        }
        if (!(maxAccuracyMeters >= 0)) {
            throw new IllegalArgumentException(
                    "lending.ingestion.crosscheck.max-accuracy-meters must not be negative: " + maxAccuracyMeters);
        }
        if (onlineWindow.compareTo(window) < 0) {
            throw new IllegalArgumentException("lending.ingestion.crosscheck.online-window must be at least the window ("
                    + window + "): " + onlineWindow);
        }
        if (settleDelay.isNegative()) {
            throw new IllegalArgumentException(
                    "lending.ingestion.crosscheck.settle-delay must not be negative: " + settleDelay);
        }
        if (retention.compareTo(onlineWindow.plus(window).plus(settleDelay)) < 0) {
            throw new IllegalArgumentException("lending.ingestion.crosscheck.retention must cover online-window + window"
                    + " + settle-delay (" + onlineWindow.plus(window).plus(settleDelay) + "): " + retention);
        }
        if (deviceRefresh.isNegative()) {
            throw new IllegalArgumentException(
                    "lending.ingestion.crosscheck.device-refresh must not be negative: " + deviceRefresh);
        }
        if (sweepInterval.isNegative() || sweepInterval.isZero()) {
            throw new IllegalArgumentException(
                    "lending.ingestion.crosscheck.sweep-interval must be positive: " + sweepInterval);
        }
    }

    /** The defaults, e.g. for tests. */
    public static CrossCheckSettings defaults() {
        return new CrossCheckSettings(true, Duration.ofMinutes(5), 250, 500, Duration.ofMinutes(30), Duration.ofMinutes(1),
                Duration.ofHours(2), Duration.ofSeconds(30), Duration.ofSeconds(10));
    }
}
