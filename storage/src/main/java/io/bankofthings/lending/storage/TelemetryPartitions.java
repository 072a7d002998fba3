package io.bankofthings.lending.storage;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Object key layout of telemetry, partitioned by the reading's UTC date and hour. */
public final class TelemetryPartitions {

    /** Key prefix of all reading files. */
    public static final String READINGS_PREFIX = "readings/";

    private static final String DATE_LEVEL = "date=";
    private static final Pattern HOUR_PREFIX =
            Pattern.compile(Pattern.quote(READINGS_PREFIX) + "date=(\\d{4}-\\d{2}-\\d{2})/hour=(\\d{2})/");

    private TelemetryPartitions() {}

    /** Returns the hour partition of {@code timestamp}, e.g. {@code readings/date=2026-11-22/hour=10/} (UTC). */
    public static String hourPrefix(Instant timestamp) {
        ZonedDateTime utc = timestamp.atZone(ZoneOffset.UTC);
        return "%sdate=%s/hour=%02d/".formatted(READINGS_PREFIX, utc.toLocalDate(), utc.getHour());
    }

    /**
     * Returns the first instant of the hour partition {@code hourPrefix} (as {@link #hourPrefix} builds it), or null
     * when the prefix has another shape.
     */
    public static @Nullable Instant hourStart(String hourPrefix) {
        Matcher matcher = HOUR_PREFIX.matcher(hourPrefix);
        if (!matcher.matches()) {
            return null;
        }
        try {
            int hour = Integer.parseInt(matcher.group(2));
            return hour > 23 ? null : LocalDate.parse(matcher.group(1)).atTime(hour, 0).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * Returns the date of a day partition such as {@code quarantine/date=2026-11-22/} below {@code tierPrefix}, or
     * null when the prefix has another shape.
     */
    public static @Nullable LocalDate partitionDate(String tierPrefix, String datePrefix) {
        if (!datePrefix.startsWith(tierPrefix + DATE_LEVEL) || !datePrefix.endsWith("/")) {
            return null;
        }
        try {
            return LocalDate.parse(datePrefix.substring(tierPrefix.length() + DATE_LEVEL.length(), datePrefix.length() - 1));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Returns the day partition of {@code date}, e.g. {@code readings/date=2026-11-22/}. */
    public static String datePrefix(LocalDate date) {
        return "%sdate=%s/".formatted(READINGS_PREFIX, date);
    }
}
