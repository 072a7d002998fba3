package io.bankofthings.lending.storage;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the compaction of small telemetry Parquet objects ({@link TelemetryCompaction}), bound from
 * {@code lending.storage.compaction.*}.
 *
 * @param enabled whether the ingestion role schedules compaction
 * @param interval time between two runs
 * @param grace how long after an hour has ended its partition is left alone, so late batches arrive first
 * @param lookback how far back runs look for hour partitions to compact; should cover {@code lending.ingestion.max-age}
 *     (30 d), the oldest reading ingestion still accepts, so late readings get merged too
 * @param targetObjectSize size a merged object is filled to (Parquet bytes, compressed): a merge rolls to a new object
 *     once this many bytes are written
 * @param rowGroupSize size of one row group as Parquet buffers it (mostly compressed): the unit a query skips by its
 *     statistics and fetches by range
 * @param maxMergeSources objects one merge round opens at once (at least 2): memory holds each one's bytes (a small
 *     object) or current row group (a large one) plus one output object; an hour with more small objects is merged
 *     in rounds
 */
@ConfigurationProperties("lending.storage.compaction")
public record CompactionSettings(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("10m") Duration interval,
        @DefaultValue("15m") Duration grace,
        @DefaultValue("31d") Duration lookback,
        @DefaultValue("128MB") DataSize targetObjectSize,
        @DefaultValue("8MB") DataSize rowGroupSize,
        @DefaultValue("100") int maxMergeSources) {

    /** Default of {@link #maxMergeSources()}. */
    public static final int DEFAULT_MAX_MERGE_SOURCES = 100;

    /** Checks the ranges; each message names the setting and the value. */
    public CompactionSettings {
        requirePositive("interval", interval);
        if (grace.isNegative()) {
            throw new IllegalArgumentException("lending.storage.compaction.grace must not be negative: " + grace);
        }
        requirePositive("lookback", lookback);
        requirePositive("target-object-size", targetObjectSize);
        requirePositive("row-group-size", rowGroupSize);
        if (maxMergeSources < 2) {
            throw new IllegalArgumentException("lending.storage.compaction.max-merge-sources must be at least 2: " + maxMergeSources);
        }
        if (rowGroupSize.compareTo(targetObjectSize) > 0) {
            throw new IllegalArgumentException("lending.storage.compaction.row-group-size (%s) must not exceed target-object-size (%s)"
                    .formatted(rowGroupSize, targetObjectSize));
        }
    }

    /** Returns the settings with every default. */
    public static CompactionSettings defaults() {
        return new CompactionSettings(true, Duration.ofMinutes(10), Duration.ofMinutes(15), Duration.ofDays(31),
                DataSize.ofMegabytes(128), DataSize.ofMegabytes(8), DEFAULT_MAX_MERGE_SOURCES);
    }

    private static void requirePositive(String name, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("lending.storage.compaction.%s must be positive: %s".formatted(name, value));
        }
    }

    private static void requirePositive(String name, DataSize value) {
        if (value.toBytes() <= 0) {
            throw new IllegalArgumentException("lending.storage.compaction.%s must be positive: %s".formatted(name, value));
        }
    }
}
