package io.bankofthings.lending.storage;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/** Object key layout of telemetry, partitioned by the reading's UTC date and hour. */
public final class TelemetryPartitions {

    /** Key prefix of all reading files. */
    public static final String READINGS_PREFIX = "readings/";

    private TelemetryPartitions() {}

    /** Returns the hour partition of {@code timestamp}, e.g. {@code readings/date=2026-11-22/hour=10/} (UTC). */
    public static String hourPrefix(Instant timestamp) {
        ZonedDateTime utc = timestamp.atZone(ZoneOffset.UTC);
        return "%sdate=%s/hour=%02d/".formatted(READINGS_PREFIX, utc.toLocalDate(), utc.getHour());
    }

    /** Returns the day partition of {@code date}, e.g. {@code readings/date=2026-11-22/}. */
    public static String datePrefix(LocalDate date) {
        return "%sdate=%s/".formatted(READINGS_PREFIX, date);
    }
}
