package io.bankofthings.lending.web.underwriting;

import io.bankofthings.lending.storage.TelemetryReading;
import java.time.Duration;
import java.time.Instant;
import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * What the underwriter sees of one device's telemetry: a line chart of its operating hours (or, for a device that
 * reports none, its current) over the window, and its reported positions on a plain coordinate plot, drawn as inline
 * SVG by the page (no map tiles: the bank's network reaches no tile server). Coordinates are in the SVG's own units.
 *
 * @param deviceId the device
 * @param from start of the window
 * @param to end of the window
 * @param readings readings in the window
 * @param lastSeen time of the newest reading, or null without any
 * @param metric name of the charted metric, or null when no reading carries one
 * @param metricMin smallest charted value
 * @param metricMax largest charted value
 * @param chartPoints SVG polyline points of the chart ({@link #CHART_WIDTH} x {@link #CHART_HEIGHT})
 * @param positions SVG points of the positions ({@link #MAP_SIZE} square), oldest first
 * @param lastPosition SVG point of the newest position, or null
 * @param bounds the plotted latitude/longitude range as text, or null without positions
 * @param unavailable why the telemetry could not be read, or null
 */
public record TelemetryPanel(
        String deviceId,
        Instant from,
        Instant to,
        int readings,
        @Nullable Instant lastSeen,
        @Nullable String metric,
        double metricMin,
        double metricMax,
        String chartPoints,
        List<Point> positions,
        @Nullable Point lastPosition,
        @Nullable String bounds,
        @Nullable String unavailable) {

    public static final int CHART_WIDTH = 600;
    public static final int CHART_HEIGHT = 160;
    public static final int MAP_SIZE = 240;
    private static final int PAD = 10;

    /** A point in SVG units. */
    public record Point(double x, double y) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%.1f,%.1f", x, y);
        }
    }

    /** A panel that says why there is no telemetry to show. */
    static TelemetryPanel unavailable(String deviceId, Instant from, Instant to, String reason) {
        return new TelemetryPanel(deviceId, from, to, 0, null, null, 0, 0, "", List.of(), null, null, reason);
    }

    /** Builds the panel (the template hard-codes the view boxes: keep them equal to these sizes)  from readings sorted by time. */
    static TelemetryPanel of(String deviceId, Instant from, Instant to, List<TelemetryReading> readings) {
        Instant lastSeen = readings.isEmpty() ? null : readings.getLast().timestamp();
        String metric = null;
        Function<TelemetryReading, @Nullable Double> value = r -> null;
        if (readings.stream().anyMatch(r -> r.metrics().operatingHours() != null)) {
            metric = "operating hours";
            value = r -> r.metrics().operatingHours();
        } else if (readings.stream().anyMatch(r -> r.metrics().currentAmps() != null)) {
            metric = "current (A)";
            value = r -> r.metrics().currentAmps();
        }
        final Function<TelemetryReading, @Nullable Double> metricOf = value;
        List<TelemetryReading> charted = readings.stream().filter(r -> metricOf.apply(r) != null).toList();
        DoubleSummaryStatistics values = charted.stream()
                .mapToDouble(r -> Objects.requireNonNull(metricOf.apply(r)))
                .summaryStatistics();
        double min = charted.isEmpty() ? 0 : values.getMin();
        double max = charted.isEmpty() ? 0 : values.getMax();
        long span = Math.max(1, Duration.between(from, to).toMillis());
        double range = max - min == 0 ? 1 : max - min;
        StringBuilder chart = new StringBuilder();
        for (TelemetryReading r : charted) {
            double x = PAD + (CHART_WIDTH - 2.0 * PAD) * Duration.between(from, r.timestamp()).toMillis() / span;
            double y = CHART_HEIGHT - PAD - (CHART_HEIGHT - 2.0 * PAD) * (Objects.requireNonNull(metricOf.apply(r)) - min) / range;
            if (!chart.isEmpty()) {
                chart.append(' ');
            }
            chart.append(new Point(x, y));
        }

        List<TelemetryReading> located = readings.stream().filter(r -> r.latitude() != null && r.longitude() != null).toList();
        List<Point> positions = List.of();
        Point lastPosition = null;
        String bounds = null;
        if (!located.isEmpty()) {
            DoubleSummaryStatistics lat = located.stream().mapToDouble(r -> Objects.requireNonNull(r.latitude())).summaryStatistics();
            DoubleSummaryStatistics lon = located.stream().mapToDouble(r -> Objects.requireNonNull(r.longitude())).summaryStatistics();
            double minLat = lat.getMin();
            double maxLat = lat.getMax();
            double minLon = lon.getMin();
            double maxLon = lon.getMax();
            // one scale for both axes, so distances look like distances; at least about 100 m across
            double extent = Math.max(Math.max(maxLat - minLat, maxLon - minLon), 0.001);
            double centerLat = (minLat + maxLat) / 2;
            double centerLon = (minLon + maxLon) / 2;
            double scale = (MAP_SIZE - 2.0 * PAD) / extent;
            positions = located.stream()
                    .map(r -> new Point(
                            MAP_SIZE / 2.0 + (Objects.requireNonNull(r.longitude()) - centerLon) * scale,
                            MAP_SIZE / 2.0 - (Objects.requireNonNull(r.latitude()) - centerLat) * scale))
                    .toList();
            lastPosition = positions.getLast();
            bounds = String.format(Locale.ROOT, "lat %.5f to %.5f, lon %.5f to %.5f", minLat, maxLat, minLon, maxLon);
        }
        return new TelemetryPanel(deviceId, from, to, readings.size(), lastSeen, metric, min, max, chart.toString(),
                positions, lastPosition, bounds, null);
    }

    /** The positions as one SVG points attribute. */
    public String positionPoints() {
        return String.join(" ", positions.stream().map(Point::toString).toList());
    }
}
