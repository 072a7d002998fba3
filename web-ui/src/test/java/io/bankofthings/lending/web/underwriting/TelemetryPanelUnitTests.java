package io.bankofthings.lending.web.underwriting;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankofthings.lending.storage.TelemetryMetrics;
import io.bankofthings.lending.storage.TelemetryReading;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TelemetryPanelUnitTests {

    static final Instant FROM = Instant.parse("2026-11-01T00:00:00Z");
    static final Instant TO = Instant.parse("2026-11-11T00:00:00Z");

    static TelemetryReading reading(String at, long seq, Double lat, Double lon, Double hours, Double amps) {
        return new TelemetryReading("press-1", Instant.parse(at), seq, lat, lon,
                new TelemetryMetrics(null, hours, amps, null, null, null, null, Map.of()));
    }

    @Test
    void chartsOperatingHoursAcrossTheWindowFromBottomLeftToTopRight() {
        var panel = TelemetryPanel.of("press-1", FROM, TO, List.of(
                reading("2026-11-01T00:00:00Z", 1, null, null, 100.0, 3.0),
                reading("2026-11-06T00:00:00Z", 2, null, null, 150.0, null),
                reading("2026-11-11T00:00:00Z", 3, null, null, 200.0, null)));

        assertThat(panel.metric()).isEqualTo("operating hours");
        assertThat(panel.metricMin()).isEqualTo(100.0);
        assertThat(panel.metricMax()).isEqualTo(200.0);
        // x from the left pad to the right pad over the window, y from the bottom pad (min) to the top pad (max)
        assertThat(panel.chartPoints()).isEqualTo("10.0,150.0 300.0,80.0 590.0,10.0");
        assertThat(panel.lastSeen()).isEqualTo(Instant.parse("2026-11-11T00:00:00Z"));
        assertThat(panel.readings()).isEqualTo(3);
        assertThat(panel.lastPosition()).isNull();
        assertThat(panel.bounds()).isNull();
    }

    @Test
    void fallsBackToTheCurrentWhenNoReadingHasOperatingHours() {
        var panel = TelemetryPanel.of("press-1", FROM, TO, List.of(
                reading("2026-11-01T00:00:00Z", 1, null, null, null, 2.0),
                reading("2026-11-11T00:00:00Z", 2, null, null, null, 2.0)));

        assertThat(panel.metric()).isEqualTo("current (A)");
        // a flat series sits on the bottom line instead of dividing by zero
        assertThat(panel.chartPoints()).isEqualTo("10.0,150.0 590.0,150.0");
    }

    @Test
    void plotsPositionsOnOneScaleWithTheNewestMarked() {
        var panel = TelemetryPanel.of("press-1", FROM, TO, List.of(
                reading("2026-11-02T00:00:00Z", 1, 48.0000, 11.0000, null, null),
                reading("2026-11-03T00:00:00Z", 2, 48.0100, 11.0000, null, null),
                reading("2026-11-04T00:00:00Z", 3, 48.0050, 11.0050, null, null)));

        // extent 0.01 degrees over 220 units: 22,000 units per degree around the centre (48.005, 11.0025)
        assertThat(panel.positions()).extracting(TelemetryPanel.Point::toString)
                .containsExactly("65.0,230.0", "65.0,10.0", "175.0,120.0");
        assertThat(panel.lastPosition()).hasToString("175.0,120.0");
        assertThat(panel.positionPoints()).isEqualTo("65.0,230.0 65.0,10.0 175.0,120.0");
        assertThat(panel.bounds()).isEqualTo("lat 48.00000 to 48.01000, lon 11.00000 to 11.00500");
        assertThat(panel.metric()).isNull();
        assertThat(panel.chartPoints()).isEmpty();
    }

    @Test
    void anEmptyWindowHasNothingToDraw() {
        var panel = TelemetryPanel.of("press-1", FROM, TO, List.of());
        assertThat(panel.readings()).isZero();
        assertThat(panel.lastSeen()).isNull();
        assertThat(panel.positions()).isEmpty();
        assertThat(panel.unavailable()).isNull();
        assertThat(TelemetryPanel.unavailable("press-1", FROM, TO, "down").unavailable()).isEqualTo("down");
    }
}
