package io.bankofthings.lending.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bankofthings.lending.storage.TelemetryMetrics;
import io.bankofthings.lending.storage.TelemetryReading;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertRulesUnitTests {

    private static final Instant T0 = Instant.parse("2026-11-30T08:00:00Z");
    // a site in Shanghai; 0.001 degree of latitude is about 111 m
    private static final double LAT = 31.2304;
    private static final double LON = 121.4737;

    private final AlertRules rules = new AlertRules(0.9);

    private static WatchedCollateral item(Geofence geofence, Long pledged, Instant lastSeen) {
        return new WatchedCollateral("C-1", "L-1", "press-1", geofence, Duration.ofHours(6), 0.3, pledged, 1_000_000,
                1_000.0, 100, T0.minus(Duration.ofDays(10)), lastSeen, 1_000.0);
    }

    private static TelemetryReading at(double lat, double lon) {
        return new TelemetryReading("press-1", T0, 7, lat, lon, TelemetryMetrics.NONE);
    }

    private static TelemetryReading metrics(Boolean powerOn, Double hours, Long inventory, Boolean tamper) {
        return new TelemetryReading("press-1", T0, 8, null, null,
                new TelemetryMetrics(powerOn, hours, null, null, null, inventory, tamper, Map.of()));
    }

    @Test
    void circleGeofenceIsSafeInsideWarnsAtNinetyPercentAndBreachesOutside() {
        var item = item(new Geofence.Circle(LAT, LON, 1_000), null, T0);

        assertThat(rules.geofence(item, at(LAT + 0.0045, LON)).isSafe()).isTrue(); // ~500 m
        var warning = rules.geofence(item, at(LAT + 0.0086, LON)).alert(); // ~956 m
        var breach = rules.geofence(item, at(LAT + 0.02, LON)).alert(); // ~2.2 km

        assertThat(warning).isNotNull();
        assertThat(warning.severity()).isEqualTo(Severity.WARNING);
        assertThat(breach).isNotNull();
        assertThat(breach.severity()).isEqualTo(Severity.BREACH);
        assertThat(breach.type()).isEqualTo(AlertType.GEOFENCE);
        assertThat(((Number) breach.evidence().get("distanceMeters")).longValue()).isBetween(2_200L, 2_250L);
        assertThat(breach.dedupKey()).isEqualTo("L-1|GEOFENCE|BREACH|C-1|" + T0);
        assertThat(breach.alertId()).startsWith("A-").hasSize(38)
                .isEqualTo(rules.geofence(item, at(LAT + 0.02, LON)).alert().alertId())
                .isNotEqualTo(warning.alertId());
    }

    @Test
    void geofenceIsNotApplicableWithoutAPositionOrAGeofence() {
        assertThat(rules.geofence(item(new Geofence.Circle(LAT, LON, 1_000), null, T0), metrics(true, null, null, null)).applicable())
                .isFalse();
        assertThat(rules.geofence(item(null, null, T0), at(LAT, LON)).applicable()).isFalse();
    }

    @Test
    void polygonGeofenceMeasuresTowardsItsEdges() {
        // a square of about 222 m x 190 m around the site
        var square = new Geofence.Polygon(List.of(
                new double[] {LAT - 0.001, LON - 0.001}, new double[] {LAT - 0.001, LON + 0.001},
                new double[] {LAT + 0.001, LON + 0.001}, new double[] {LAT + 0.001, LON - 0.001}));
        var item = item(square, null, T0);

        assertThat(square.breachRatio(LAT + 0.0005, LON)).isCloseTo(0.5, org.assertj.core.data.Offset.offset(0.01));
        assertThat(rules.geofence(item, at(LAT + 0.0005, LON + 0.0005)).isSafe()).isTrue();
        assertThat(rules.geofence(item, at(LAT + 0.00095, LON)).alert().severity()).isEqualTo(Severity.WARNING);
        assertThat(rules.geofence(item, at(LAT + 0.0011, LON + 0.0011)).alert().severity()).isEqualTo(Severity.BREACH);
    }

    @Test
    void rejectsAPolygonWithTooFewVerticesAndANonPositiveRadius() {
        assertThatThrownBy(() -> new Geofence.Polygon(List.of(new double[] {1, 1}, new double[] {2, 2})))
                .hasMessageContaining("at least 3 vertices, has 2");
        assertThatThrownBy(() -> new Geofence.Circle(LAT, LON, 0)).hasMessageContaining("radius must be positive");
    }

    @Test
    void tamperFlagBreachesAndItsAbsenceIsNotApplicable() {
        var item = item(null, null, T0);

        assertThat(rules.tamper(item, metrics(null, null, null, true)).alert().severity()).isEqualTo(Severity.BREACH);
        assertThat(rules.tamper(item, metrics(null, null, null, false)).isSafe()).isTrue();
        assertThat(rules.tamper(item, metrics(true, null, null, null)).applicable()).isFalse();
    }

    @Test
    void inventoryBelowThePledgedQuantityBreachesAndCloseToItWarns() {
        var stock = item(null, 100L, T0);

        assertThat(rules.inventory(stock, metrics(null, null, 120L, null)).isSafe()).isTrue();
        assertThat(rules.inventory(stock, metrics(null, null, 105L, null)).alert().severity()).isEqualTo(Severity.WARNING);
        var breach = rules.inventory(stock, metrics(null, null, 90L, null)).alert();
        assertThat(breach.severity()).isEqualTo(Severity.BREACH);
        assertThat(breach.evidence()).containsEntry("inventoryCount", 90L).containsEntry("pledgedQuantity", 100L);
        assertThat(rules.inventory(item(null, null, T0), metrics(null, null, 1L, null)).applicable()).isFalse();
    }

    @Test
    void offlineIsMeasuredFromTheServersLastReceiveTime() {
        var item = item(null, null, T0);

        assertThat(rules.offline(item, T0.plus(Duration.ofHours(5))).isSafe()).isTrue();
        var warning = rules.offline(item, T0.plus(Duration.ofMinutes(330))).alert();
        var breach = rules.offline(item, T0.plus(Duration.ofHours(7))).alert();

        assertThat(warning.severity()).isEqualTo(Severity.WARNING);
        assertThat(breach.severity()).isEqualTo(Severity.BREACH);
        assertThat(breach.evidence()).containsEntry("silenceSeconds", 7L * 3600).containsEntry("lastSeenAt", T0.toString());
        // the same silence gives the same alert id whenever the check runs
        assertThat(rules.offline(item, T0.plus(Duration.ofHours(9))).alert().alertId()).isEqualTo(breach.alertId());
    }

    @Test
    void aDeviceThatNeverReportedIsOfflineSinceEnrolment() {
        var never = item(null, null, null);

        var breach = rules.offline(never, T0).alert();

        assertThat(breach.severity()).isEqualTo(Severity.BREACH);
        assertThat(breach.evidence()).containsEntry("lastSeenAt", never.enrolledAt().toString());
    }

    @Test
    void operatingRateBelowTheCovenantBreaches() {
        var item = item(null, null, T0);
        var mostlyOff = List.of(metrics(true, null, null, null), metrics(false, null, null, null),
                metrics(false, null, null, null), metrics(false, null, null, null), metrics(false, null, null, null));
        var justAbove = new java.util.ArrayList<TelemetryReading>();
        for (int i = 0; i < 10; i++) {
            justAbove.add(metrics(i < 3, null, null, null)); // 0.3: at the minimum, within the early-warning band
        }
        var busy = List.of(metrics(true, null, null, null), metrics(true, null, null, null));

        var breach = rules.operatingRate(item, mostlyOff, T0, "2026-11-30").alert();
        assertThat(breach.severity()).isEqualTo(Severity.BREACH);
        assertThat(breach.evidence()).containsEntry("operatingRate", 0.2);
        assertThat(rules.operatingRate(item, justAbove, T0, "2026-11-30").alert().severity()).isEqualTo(Severity.WARNING);
        assertThat(rules.operatingRate(item, busy, T0, "2026-11-30").isSafe()).isTrue();
        assertThat(rules.operatingRate(item, List.of(metrics(null, 1.0, null, null)), T0, "2026-11-30").applicable()).isFalse();
    }

    @Test
    void hoursOfUseDepreciateTheCollateralUntilLoanToValuePassesItsLimit() {
        var loan = new Enrolment("L-1", "b-1", Enrolment.ACTIVE, 600_000, "EUR", 0.8, T0);
        // value 1,000,000 at 1,000 h, losing 100 per hour
        var fresh = item(null, null, T0);
        var worn = new WatchedCollateral("C-1", "L-1", "press-1", null, Duration.ofHours(6), 0.3, null, 1_000_000,
                1_000.0, 100, T0, T0, 3_500.0);
        var veryWorn = new WatchedCollateral("C-1", "L-1", "press-1", null, Duration.ofHours(6), 0.3, null, 1_000_000,
                1_000.0, 100, T0, T0, 4_000.0);

        assertThat(worn.currentValueMinor()).isEqualTo(750_000);
        assertThat(rules.loanToValue(loan, List.of(fresh), fresh, metrics(null, 1_000.0, null, null)).isSafe()).isTrue();
        assertThat(rules.loanToValue(loan, List.of(worn), worn, metrics(null, 3_500.0, null, null)).alert().severity())
                .isEqualTo(Severity.WARNING);
        var breach = rules.loanToValue(loan, List.of(veryWorn), veryWorn, metrics(null, 4_000.0, null, null)).alert();
        assertThat(breach.severity()).isEqualTo(Severity.BREACH);
        assertThat(breach.evidence()).containsEntry("collateralValueMinor", 700_000L).containsEntry("loanToValue", 0.8571);
        assertThat(rules.loanToValue(loan, List.of(fresh), fresh, metrics(true, null, null, null)).applicable()).isFalse();
    }

    @Test
    void refusesAnEarlyWarningRatioOutsideZeroToOne() {
        assertThatThrownBy(() -> new AlertRules(1.5)).hasMessageContaining("(0, 1]: 1.5");
    }
}
