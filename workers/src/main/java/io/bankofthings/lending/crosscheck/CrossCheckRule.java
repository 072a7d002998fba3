package io.bankofthings.lending.crosscheck;

import io.bankofthings.lending.monitoring.Geofence;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Judges one RFID gate sighting of a collateral item against the recent readings of one GPS tracker of the same item.
 * Pure: no clock, no I/O.
 *
 * <p>The fix compared is the tracker's positioned reading nearest in time to the sighting within {@code ±window} (ties:
 * the earlier one). It agrees when it lies within {@code toleranceMeters} plus its own reported accuracy of the gate;
 * a fix whose accuracy is worse than {@code maxAccuracyMeters} is not a usable position. Without a usable fix in the
 * window the tracker either was online (a reading from {@code onlineWindow} before the sighting on) and the sighting
 * is {@link CrossCheckOutcome#NO_CORROBORATION not corroborated}, or it was {@link CrossCheckOutcome#TRACKER_OFFLINE
 * offline}. A verdict is given once the evidence is complete: as soon as the tracker has a reading at or after the
 * sighting (a tracker reports in order, so the nearest fixes on both sides are known), or else once the window has
 * ended {@code settleDelay} ago.
 */
public final class CrossCheckRule {

    /**
     * A gate's report that it saw the collateral's tag.
     *
     * @param latitude where the gate stands, WGS84 degrees
     * @param longitude where the gate stands, WGS84 degrees
     */
    public record Sighting(String gateId, long sequence, Instant at, double latitude, double longitude) {

        /** Checks the id and time. */
        public Sighting {
            Objects.requireNonNull(gateId, "gateId");
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * One reading of the tracker, with or without a position.
     *
     * @param latitude WGS84 degrees, or null without a position
     * @param longitude WGS84 degrees, or null without a position
     * @param accuracyMeters the accuracy the tracker reported for the position, in metres, or null
     */
    public record Fix(String trackerId, long sequence, Instant at, @Nullable Double latitude, @Nullable Double longitude,
            @Nullable Double accuracyMeters) {

        /** Checks the id and time. */
        public Fix {
            Objects.requireNonNull(trackerId, "trackerId");
            Objects.requireNonNull(at, "at");
        }

        boolean hasPosition() {
            return latitude != null && longitude != null;
        }
    }

    /**
     * The verdict on a sighting against one tracker.
     *
     * @param fix the tracker reading compared (AGREE, DISAGREE) or the one nearest in time (NO_CORROBORATION); null
     *     when the tracker was offline
     * @param distanceMeters from the gate to the fix (AGREE, DISAGREE only)
     * @param toleranceMeters the tolerance applied: the setting plus the fix's reported accuracy
     * @param gap from the sighting to {@code fix}, negative when the fix came first; null without a fix
     */
    public record Verdict(CrossCheckOutcome outcome, @Nullable Fix fix, @Nullable Double distanceMeters,
            double toleranceMeters, @Nullable Duration gap) {}

    private final Duration window;
    private final double toleranceMeters;
    private final double maxAccuracyMeters;
    private final Duration onlineWindow;
    private final Duration settleDelay;

    /** A rule with the given limits; see {@link CrossCheckSettings}. */
    public CrossCheckRule(Duration window, double toleranceMeters, double maxAccuracyMeters, Duration onlineWindow,
            Duration settleDelay) {
        this.window = window;
        this.toleranceMeters = toleranceMeters;
        this.maxAccuracyMeters = maxAccuracyMeters;
        this.onlineWindow = onlineWindow;
        this.settleDelay = settleDelay;
    }

    /** A rule with the limits of {@code settings}. */
    public CrossCheckRule(CrossCheckSettings settings) {
        this(settings.window(), settings.toleranceMeters(), settings.maxAccuracyMeters(), settings.onlineWindow(),
                settings.settleDelay());
    }

    /**
     * Judges {@code sighting} against the tracker's readings.
     *
     * @param fixes the tracker's readings known so far, in any order; readings older than the online window are ignored
     * @param now the time of judging, to tell whether the window has ended and its settle delay passed
     * @return the verdict, or empty while later tracker readings may still change it
     */
    public Optional<Verdict> judge(Sighting sighting, List<Fix> fixes, Instant now) {
        Instant onlineFrom = sighting.at().minus(onlineWindow);
        var relevant = fixes.stream().filter(f -> !f.at().isBefore(onlineFrom)).toList();
        boolean laterReading = relevant.stream().anyMatch(f -> !f.at().isBefore(sighting.at()));
        boolean windowSettled = !now.isBefore(sighting.at().plus(window).plus(settleDelay));
        if (!laterReading && !windowSettled) {
            return Optional.empty();
        }
        Comparator<Fix> nearest = Comparator.<Fix>comparingLong(f -> Math.abs(gap(sighting, f).toNanos()))
                .thenComparing(Fix::at)
                .thenComparingLong(Fix::sequence);
        var compared = relevant.stream()
                .filter(this::usable)
                .filter(f -> Math.abs(gap(sighting, f).toNanos()) <= window.toNanos())
                .min(nearest);
        if (compared.isPresent()) {
            Fix fix = compared.get();
            double distance = Geofence.distanceMeters(sighting.latitude(), sighting.longitude(), fix.latitude(), fix.longitude());
            double tolerance = toleranceMeters + (fix.accuracyMeters() == null ? 0 : fix.accuracyMeters());
            var outcome = distance > tolerance ? CrossCheckOutcome.DISAGREE : CrossCheckOutcome.AGREE;
            return Optional.of(new Verdict(outcome, fix, distance, tolerance, gap(sighting, fix)));
        }
        return Optional.of(relevant.stream().min(nearest)
                .map(f -> new Verdict(CrossCheckOutcome.NO_CORROBORATION, f, null, toleranceMeters, gap(sighting, f)))
                .orElse(new Verdict(CrossCheckOutcome.TRACKER_OFFLINE, null, null, toleranceMeters, null)));
    }

    private boolean usable(Fix fix) {
        return fix.hasPosition() && (fix.accuracyMeters() == null || fix.accuracyMeters() <= maxAccuracyMeters);
    }

    private static Duration gap(Sighting sighting, Fix fix) {
        return Duration.between(sighting.at(), fix.at());
    }
}
