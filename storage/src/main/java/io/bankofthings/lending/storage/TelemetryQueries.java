package io.bankofthings.lending.storage;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Questions scoring and monitoring ask about one device's telemetry over a time range, answered from the Parquet
 * objects of the hour partitions in the range only (see {@link TelemetryParquetReader#readingsOf}).
 */
@Component
public class TelemetryQueries {

    /** Mean earth radius used for distances, in metres. */
    static final double EARTH_RADIUS_METRES = 6_371_008.8;

    private final TelemetryParquetReader reader;

    /** Reads with {@code reader}. */
    public TelemetryQueries(TelemetryParquetReader reader) {
        this.reader = reader;
    }

    /**
     * A circular site: where collateral is expected to stay.
     *
     * @param latitude centre latitude in degrees
     * @param longitude centre longitude in degrees
     * @param radiusMetres radius in metres; positive
     */
    public record Site(double latitude, double longitude, double radiusMetres) {

        /** Checks the ranges. */
        public Site {
            if (!(latitude >= -90 && latitude <= 90) || !(longitude >= -180 && longitude <= 180)) {
                throw new IllegalArgumentException("Site centre out of range: lat=%s, lon=%s".formatted(latitude, longitude));
            }
            if (!(radiusMetres > 0)) {
                throw new IllegalArgumentException("Site radius must be positive: " + radiusMetres);
            }
        }

        /** Returns whether a position lies within the circle. */
        public boolean contains(double lat, double lon) {
            return distanceMetres(latitude, longitude, lat, lon) <= radiusMetres;
        }
    }

    /**
     * Aggregates of one device over {@code [from, to)}.
     *
     * @param deviceId the device
     * @param from first instant included
     * @param to first instant excluded
     * @param readingCount readings in the range, each (device, sequence) once
     * @param firstSeen timestamp of the first reading in the range, or null without readings
     * @param lastSeen timestamp of the last reading in the range, or null without readings
     * @param operatingHoursPerDay per UTC day, the growth of the cumulative {@code operatingHours} counter between
     *     consecutive readings of that day (a counter reset adds nothing)
     * @param timeOutsideSite time spent outside the site: each interval between two consecutive positioned readings
     *     counts when the first of them lies outside; null without a site
     */
    public record DeviceSummary(
            String deviceId,
            Instant from,
            Instant to,
            int readingCount,
            @Nullable Instant firstSeen,
            @Nullable Instant lastSeen,
            Map<LocalDate, Double> operatingHoursPerDay,
            @Nullable Duration timeOutsideSite) {}

    /** Returns the readings of {@code deviceId} in {@code [from, to)} by timestamp; see {@link TelemetryParquetReader#readingsOf}. */
    public List<TelemetryReading> readings(String deviceId, Instant from, Instant to) {
        return reader.readingsOf(deviceId, from, to);
    }

    /**
     * Returns the aggregates of {@code deviceId} over {@code [from, to)}.
     *
     * @param site the site for {@link DeviceSummary#timeOutsideSite}, or null
     * @throws IllegalArgumentException when {@code to} is before {@code from}
     */
    public DeviceSummary summary(String deviceId, Instant from, Instant to, @Nullable Site site) {
        return summarize(deviceId, from, to, reader.readingsOf(deviceId, from, to), site);
    }

    /** Computes the aggregates of readings sorted by timestamp. */
    static DeviceSummary summarize(
            String deviceId, Instant from, Instant to, List<TelemetryReading> readings, @Nullable Site site) {
        Map<LocalDate, Double> hours = new TreeMap<>();
        TelemetryReading previousCounter = null;
        for (TelemetryReading reading : readings) {
            Double counter = reading.metrics().operatingHours();
            if (counter == null) {
                continue;
            }
            LocalDate day = LocalDate.ofInstant(reading.timestamp(), ZoneOffset.UTC);
            hours.putIfAbsent(day, 0.0);
            if (previousCounter != null
                    && LocalDate.ofInstant(previousCounter.timestamp(), ZoneOffset.UTC).equals(day)) {
                double growth = counter - previousCounter.metrics().operatingHours();
                if (growth > 0) {
                    hours.merge(day, growth, Double::sum);
                }
            }
            previousCounter = reading;
        }
        Duration outside = null;
        if (site != null) {
            outside = Duration.ZERO;
            TelemetryReading previous = null;
            for (TelemetryReading reading : readings) {
                if (reading.latitude() == null || reading.longitude() == null) {
                    continue;
                }
                if (previous != null && !site.contains(previous.latitude(), previous.longitude())) {
                    outside = outside.plus(Duration.between(previous.timestamp(), reading.timestamp()));
                }
                previous = reading;
            }
        }
        return new DeviceSummary(
                deviceId,
                from,
                to,
                readings.size(),
                readings.isEmpty() ? null : readings.getFirst().timestamp(),
                readings.isEmpty() ? null : readings.getLast().timestamp(),
                hours,
                outside);
    }

    /** Returns the great-circle distance between two positions in metres (haversine). */
    static double distanceMetres(double lat1, double lon1, double lat2, double lon2) {
        double dLat = Math.toRadians(lat2 - lat1);
        double dLon = Math.toRadians(lon2 - lon1);
        double a = Math.pow(Math.sin(dLat / 2), 2)
                + Math.cos(Math.toRadians(lat1)) * Math.cos(Math.toRadians(lat2)) * Math.pow(Math.sin(dLon / 2), 2);
        return 2 * EARTH_RADIUS_METRES * Math.asin(Math.min(1, Math.sqrt(a)));
    }
}
