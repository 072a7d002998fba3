package io.bankofthings.lending.storage;

import static org.apache.parquet.filter2.predicate.FilterApi.and;
import static org.apache.parquet.filter2.predicate.FilterApi.binaryColumn;
import static org.apache.parquet.filter2.predicate.FilterApi.eq;
import static org.apache.parquet.filter2.predicate.FilterApi.gtEq;
import static org.apache.parquet.filter2.predicate.FilterApi.longColumn;
import static org.apache.parquet.filter2.predicate.FilterApi.lt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.parquet.filter2.compat.FilterCompat;
import java.util.function.Supplier;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.api.Binary;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Reads readings back from the Parquet objects written by {@link TelemetryParquetWriter} and
 * {@link TelemetryCompaction}: small objects whole, large ones by byte ranges (footer, then the column chunks of the
 * row groups a query's filter keeps; see {@link ReadSettings}).
 */
@Component
public class TelemetryParquetReader {

    /** Listings of one hour partition per query at most, when objects vanish between listing and reading. */
    static final int MAX_LISTINGS_PER_HOUR = 3;

    private final ObjectStore store;
    private final S3InputFiles files;

    /** Reads through {@code store} with the default {@link ReadSettings}. */
    public TelemetryParquetReader(ObjectStore store) {
        this(store, ReadSettings.defaults());
    }

    /** Reads through {@code store}, fetching objects as {@code settings} say. */
    @Autowired
    public TelemetryParquetReader(ObjectStore store, ReadSettings settings) {
        this.store = store;
        this.files = new S3InputFiles(store, settings);
    }

    /**
     * Returns all readings of one Parquet object in file order.
     *
     * @throws ObjectStoreException naming the key when the object cannot be fetched
     * @throws UncheckedIOException naming the key when the object is not a readable telemetry Parquet file
     */
    public List<TelemetryReading> read(String objectKey) {
        return decode(objectKey, () -> files.open(objectKey), FilterCompat.NOOP);
    }

    /**
     * Returns the readings of one device taken in {@code [from, to)}, ordered by timestamp and sequence.
     *
     * <p>Only the hour partitions overlapping the range are listed; of a large object only the footer and the row
     * groups whose statistics may hold the device and range are fetched. A reading stored more than once (same device and sequence) is returned once.
     *
     * @param deviceId id of the device
     * @param from first instant included
     * @param to first instant excluded; must not be before {@code from}
     * @throws IllegalArgumentException when {@code to} is before {@code from}
     */
    public List<TelemetryReading> readingsOf(String deviceId, Instant from, Instant to) {
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("Range end %s is before its start %s".formatted(to, from));
        }
        List<TelemetryReading> readings = new ArrayList<>();
        if (to.equals(from)) {
            return readings;
        }
        Instant last = to.minus(1, ChronoUnit.MICROS);
        String firstHour = TelemetryPartitions.hourPrefix(from);
        String lastHour = TelemetryPartitions.hourPrefix(last);
        FilterCompat.Filter filter = FilterCompat.get(and(
                eq(binaryColumn(TelemetrySchema.DEVICE_ID), Binary.fromString(deviceId)),
                and(
                        gtEq(longColumn(TelemetrySchema.TIMESTAMP), TelemetrySchema.toEpochMicros(from)),
                        lt(longColumn(TelemetrySchema.TIMESTAMP), TelemetrySchema.toEpochMicros(to)))));
        LocalDate lastDate = LocalDate.ofInstant(last, ZoneOffset.UTC);
        for (LocalDate date = LocalDate.ofInstant(from, ZoneOffset.UTC); !date.isAfter(lastDate); date = date.plusDays(1)) {
            Map<String, List<StoredObject>> hours = new TreeMap<>();
            for (StoredObject object : store.listObjects(TelemetryPartitions.datePrefix(date))) {
                String hour = object.key().substring(0, object.key().lastIndexOf('/') + 1);
                if (hour.compareTo(firstHour) >= 0 && hour.compareTo(lastHour) <= 0) {
                    hours.computeIfAbsent(hour, h -> new ArrayList<>()).add(object);
                }
            }
            hours.forEach((hour, keys) -> readings.addAll(readHour(hour, keys, filter)));
        }
        readings.removeIf(r -> !r.deviceId().equals(deviceId) || r.timestamp().isBefore(from) || !r.timestamp().isBefore(to));
        readings.sort(Comparator.comparing(TelemetryReading::timestamp).thenComparingLong(TelemetryReading::sequence));
        return withoutDuplicates(readings);
    }

    /**
     * Returns {@code readings} keeping only the first of each sequence number per device: a reading stored twice
     * (redelivered after a crash, or flushed again from the spool) counts once.
     */
    static List<TelemetryReading> withoutDuplicates(List<TelemetryReading> readings) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        List<TelemetryReading> unique = new ArrayList<>(readings.size());
        for (TelemetryReading reading : readings) {
            if (seen.add(reading.deviceId() + '\u0000' + reading.sequence())) {
                unique.add(reading);
            }
        }
        return unique;
    }

    /**
     * Returns the readings of the listed objects of one hour partition; when one of them is gone (compaction replaced
     * it after the listing, having written the merged object first), lists the hour again and reads it anew.
     */
    private List<TelemetryReading> readHour(String hourPrefix, List<StoredObject> listed, FilterCompat.Filter filter) {
        List<StoredObject> objects = listed;
        for (int attempt = 1; ; attempt++) {
            try {
                List<TelemetryReading> readings = new ArrayList<>();
                for (StoredObject object : objects) {
                    readings.addAll(decode(object.key(), () -> files.open(object), filter));
                }
                return readings;
            } catch (ObjectNotFoundException e) {
                if (attempt == MAX_LISTINGS_PER_HOUR) {
                    throw e;
                }
                objects = store.listObjects(hourPrefix);
            }
        }
    }

    private static List<TelemetryReading> decode(String objectKey, Supplier<InputFile> opener, FilterCompat.Filter filter) {
        InputFile file = opener.get();
        try {
            return TelemetryParquetFiles.decode(file, filter);
        } catch (IOException | RuntimeException e) {
            throw readFailure(objectKey, e);
        }
    }

    /**
     * Returns the error to throw for a Parquet object that could not be read: an {@link ObjectNotFoundException}
     * raised by a ranged read inside Parquet as it is (the object was deleted since the listing), or else an
     * {@link UncheckedIOException} naming the key.
     */
    static RuntimeException readFailure(String objectKey, Exception e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ObjectNotFoundException notFound) {
                return notFound;
            }
        }
        return new UncheckedIOException(new IOException("Could not read Parquet object %s".formatted(objectKey), e));
    }
}
