package io.bankofthings.lending.storage;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long each tier of the object store is kept ({@link TelemetryRetention}), bound from
 * {@code lending.storage.retention.*}. The store writes two prefixes: {@code readings/} (authentic telemetry) and
 * {@code quarantine/} (rejected input). The spool and the replay pairs live in PostgreSQL and are emptied by
 * ingestion itself.
 *
 * @param enabled whether the ingestion role schedules retention
 * @param interval time between two runs
 * @param readings how long authentic readings are kept, or null (unset) to keep them forever, the default; when set,
 *     at least {@link #MIN_READINGS_RETENTION}, the longest loan term, since readings are the evidence of the
 *     collateral for the life of a loan
 * @param quarantine how long rejected input is kept; at least {@link #MIN_RETENTION}
 */
@ConfigurationProperties("lending.storage.retention")
public record RetentionSettings(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("1h") Duration interval,
        @Nullable Duration readings,
        @DefaultValue("180d") Duration quarantine) {

    /** Longest loan term in months the loan rules accept ({@code LoanApplicationValidator.MAX_TERM_MONTHS}). */
    public static final int LONGEST_LOAN_TERM_MONTHS = 120;

    /** Shortest retention of readings: the longest loan term, counted with leap days (120 months = 3653 days). */
    public static final Duration MIN_READINGS_RETENTION = Duration.ofDays(3653);

    /** Shortest retention of any other tier. */
    public static final Duration MIN_RETENTION = Duration.ofDays(1);

    /** Default retention of quarantined input. */
    public static final Duration DEFAULT_QUARANTINE_RETENTION = Duration.ofDays(180);

    /** Refuses nonsense with a message naming the setting, the value and the limit. */
    public RetentionSettings {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("lending.storage.retention.interval must be positive: " + interval);
        }
        if (readings != null) {
            if (readings.isNegative()) {
                throw new IllegalArgumentException("lending.storage.retention.readings must not be negative: " + readings);
            }
            if (readings.compareTo(MIN_READINGS_RETENTION) < 0) {
                throw new IllegalArgumentException(("lending.storage.retention.readings (%s = %d days) is shorter than the"
                        + " longest loan term (%d months, %d days): readings are the collateral evidence of a running loan."
                        + " Leave it unset to keep readings forever.")
                        .formatted(readings, readings.toDays(), LONGEST_LOAN_TERM_MONTHS, MIN_READINGS_RETENTION.toDays()));
            }
        }
        if (quarantine.isNegative()) {
            throw new IllegalArgumentException("lending.storage.retention.quarantine must not be negative: " + quarantine);
        }
        if (quarantine.compareTo(MIN_RETENTION) < 0) {
            throw new IllegalArgumentException("lending.storage.retention.quarantine (%s) must be at least %s"
                    .formatted(quarantine, MIN_RETENTION));
        }
    }

    /** Returns the settings with every default: readings forever, quarantine 180 days. */
    public static RetentionSettings defaults() {
        return new RetentionSettings(true, Duration.ofHours(1), null, DEFAULT_QUARANTINE_RETENTION);
    }
}
