package io.bankofthings.lending.grant;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;

/** Counting periods of a grant, in UTC: the day, the ISO week (from Monday) and the calendar month. */
public enum Period {
    DAY,
    WEEK,
    MONTH;

    public LocalDate start(LocalDate date) {
        return switch (this) {
            case DAY -> date;
            case WEEK -> date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTH -> date.withDayOfMonth(1);
        };
    }

    /** daily, weekly or monthly. */
    public String adjective() {
        return switch (this) {
            case DAY -> "daily";
            case WEEK -> "weekly";
            case MONTH -> "monthly";
        };
    }

    /** How many of these periods touch one calendar month at most. */
    int perMonth() {
        return switch (this) {
            case DAY -> 31;
            case WEEK -> 5;
            case MONTH -> 1;
        };
    }
}
