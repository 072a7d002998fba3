package io.bankofthings.lending.crosscheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.bankofthings.lending.crosscheck.CrossCheckRule.Fix;
import io.bankofthings.lending.crosscheck.CrossCheckRule.Sighting;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The cross-check rule on its own: agree, disagree by distance, outside the window, missing source, waiting. */
class CrossCheckRuleUnitTests {

    private static final double GATE_LAT = 53.54;
    private static final double GATE_LON = 9.98;
    /** About 111 m of latitude per 0.001 degree. */
    private static final double METRES_PER_MILLIDEGREE = 111.195;

    private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");

    private final CrossCheckRule rule = new CrossCheckRule(CrossCheckSettings.defaults());

    private static Sighting sighting() {
        return new Sighting("gate-1", 7, T, GATE_LAT, GATE_LON);
    }

    private static Fix fix(long seq, int secondsFromSighting, double metresNorth, @Nullable Double accuracy) {
        return new Fix("gps-1", seq, T.plusSeconds(secondsFromSighting),
                GATE_LAT + metresNorth / METRES_PER_MILLIDEGREE / 1000, GATE_LON, accuracy);
    }

    private static Fix heartbeat(long seq, int secondsFromSighting) {
        return new Fix("gps-1", seq, T.plusSeconds(secondsFromSighting), null, null, null);
    }

    @Test
    void agreesWhenTheNearestFixInTimeIsWithinTheTolerance() {
        var verdict = rule.judge(sighting(), List.of(fix(1, -60, 40, null), fix(2, 30, 120, null)), T.plusSeconds(31));

        assertThat(verdict).hasValueSatisfying(v -> {
            assertThat(v.outcome()).isEqualTo(CrossCheckOutcome.AGREE);
            assertThat(v.fix().sequence()).isEqualTo(2);
            assertThat(v.distanceMeters()).isCloseTo(120, within(1.0));
            assertThat(v.toleranceMeters()).isEqualTo(250);
            assertThat(v.gap()).isEqualTo(Duration.ofSeconds(30));
        });
    }

    @Test
    void disagreesWhenTheNearestFixIsFartherThanTheTolerance() {
        // 2 km away at 20 s before; a fix at the gate 4 min later is farther in time and not the one compared
        var verdict = rule.judge(sighting(), List.of(fix(1, -20, 2_000, null), fix(2, 240, 0, null)), T.plusSeconds(241));

        assertThat(verdict).hasValueSatisfying(v -> {
            assertThat(v.outcome()).isEqualTo(CrossCheckOutcome.DISAGREE);
            assertThat(v.fix().sequence()).isEqualTo(1);
            assertThat(v.distanceMeters()).isCloseTo(2_000, within(2.0));
            assertThat(v.gap()).isEqualTo(Duration.ofSeconds(-20));
        });
    }

    @Test
    void addsTheReportedAccuracyToTheTolerance() {
        var within = rule.judge(sighting(), List.of(fix(1, 10, 300, 60.0)), T.plusSeconds(11));
        var beyond = rule.judge(sighting(), List.of(fix(1, 10, 300, 40.0)), T.plusSeconds(11));

        assertThat(within).hasValueSatisfying(v -> {
            assertThat(v.outcome()).isEqualTo(CrossCheckOutcome.AGREE);
            assertThat(v.toleranceMeters()).isEqualTo(310);
        });
        assertThat(beyond).hasValueSatisfying(v -> assertThat(v.outcome()).isEqualTo(CrossCheckOutcome.DISAGREE));
    }

    @Test
    void aFixWithAnAccuracyWorseThanTheLimitIsNoUsablePosition() {
        // a tracker claiming 5 km accuracy must not make a 2 km gap agree
        var verdict = rule.judge(sighting(), List.of(fix(1, 10, 2_000, 5_000.0)), T.plusSeconds(11));

        assertThat(verdict).hasValueSatisfying(v -> assertThat(v.outcome()).isEqualTo(CrossCheckOutcome.NO_CORROBORATION));
    }

    @Test
    void aFixOutsideTheWindowIsNotCompared() {
        // 6 min before and 6 min after, far away: outside the ±5 min window, so no disagreement either
        var verdict = rule.judge(sighting(), List.of(fix(1, -360, 2_000, null), fix(2, 360, 2_000, null)), T.plusSeconds(361));

        assertThat(verdict).hasValueSatisfying(v -> {
            assertThat(v.outcome()).isEqualTo(CrossCheckOutcome.NO_CORROBORATION);
            assertThat(v.distanceMeters()).isNull();
            assertThat(v.fix().sequence()).isEqualTo(1);
            assertThat(v.gap()).isEqualTo(Duration.ofSeconds(-360));
        });
    }

    @Test
    void anOnlineTrackerWithoutAPositionInTheWindowDoesNotCorroborate() {
        var verdict = rule.judge(sighting(), List.of(heartbeat(1, -10), heartbeat(2, 50)), T.plusSeconds(51));

        assertThat(verdict).hasValueSatisfying(v -> {
            assertThat(v.outcome()).isEqualTo(CrossCheckOutcome.NO_CORROBORATION);
            assertThat(v.fix().sequence()).isEqualTo(1);
        });
    }

    @Test
    void aTrackerSilentSinceBeforeTheOnlineWindowIsOfflineOnceTheWindowHasSettled() {
        var fixes = List.of(fix(1, -3_600, 0, null));

        assertThat(rule.judge(sighting(), fixes, T.plusSeconds(300))).isEmpty();
        assertThat(rule.judge(sighting(), fixes, T.plusSeconds(360))).hasValueSatisfying(v -> {
            assertThat(v.outcome()).isEqualTo(CrossCheckOutcome.TRACKER_OFFLINE);
            assertThat(v.fix()).isNull();
            assertThat(v.gap()).isNull();
        });
    }

    @Test
    void waitsForALaterTrackerReadingOrTheSettledWindow() {
        var before = List.of(fix(1, -30, 2_000, null));

        assertThat(rule.judge(sighting(), before, T.plusSeconds(5))).isEmpty();
        assertThat(rule.judge(sighting(), before, T.plusSeconds(359))).isEmpty();
        assertThat(rule.judge(sighting(), before, T.plusSeconds(360)))
                .hasValueSatisfying(v -> assertThat(v.outcome()).isEqualTo(CrossCheckOutcome.DISAGREE));
        // a reading at or after the sighting completes the evidence at once
        assertThat(rule.judge(sighting(), List.of(fix(1, -30, 2_000, null), fix(2, 1, 0, null)), T.plusSeconds(5)))
                .hasValueSatisfying(v -> assertThat(v.outcome()).isEqualTo(CrossCheckOutcome.AGREE));
    }

    @Test
    void ofTwoFixesEquallyNearInTimeTheEarlierIsCompared() {
        var verdict = rule.judge(sighting(), List.of(fix(2, 60, 0, null), fix(1, -60, 2_000, null)), T.plusSeconds(61));

        assertThat(verdict).hasValueSatisfying(v -> assertThat(v.fix().sequence()).isEqualTo(1));
    }

    @Test
    void measuresGreatCircleDistances() {
        // Hamburg to Munich: about 612 km
        assertThat(io.bankofthings.lending.monitoring.Geofence.distanceMeters(53.5511, 9.9937, 48.1351, 11.5820)).isCloseTo(612_000, within(2_000.0));
        assertThat(io.bankofthings.lending.monitoring.Geofence.distanceMeters(GATE_LAT, GATE_LON, GATE_LAT, GATE_LON)).isZero();
    }
}
