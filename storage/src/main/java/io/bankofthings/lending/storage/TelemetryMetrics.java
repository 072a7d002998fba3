package io.bankofthings.lending.storage;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Measured values of one reading; each known metric is null when the device did not send it.
 *
 * @param powerOn whether the equipment is switched on
 * @param operatingHours cumulative operating time in hours
 * @param currentAmps electric current drawn, in amperes
 * @param energyKwh cumulative energy used, in kilowatt-hours
 * @param temperatureC temperature in degrees Celsius
 * @param inventoryCount number of items counted in stock
 * @param tamper whether the device reports tampering
 * @param extra metrics without a column of their own, by name; numbers as sent, booleans as 1.0 or 0.0; never null
 */
public record TelemetryMetrics(
        @Nullable Boolean powerOn,
        @Nullable Double operatingHours,
        @Nullable Double currentAmps,
        @Nullable Double energyKwh,
        @Nullable Double temperatureC,
        @Nullable Long inventoryCount,
        @Nullable Boolean tamper,
        Map<String, Double> extra) {

    /** Metrics with no values. */
    public static final TelemetryMetrics NONE = new TelemetryMetrics(null, null, null, null, null, null, null, Map.of());

    /** Copies {@code extra} into an unmodifiable map sorted by name. */
    public TelemetryMetrics {
        Objects.requireNonNull(extra, "extra");
        extra.forEach((name, value) -> {
            Objects.requireNonNull(name, "extra metric name");
            Objects.requireNonNull(value, () -> "value of extra metric " + name);
        });
        extra = Collections.unmodifiableSortedMap(new TreeMap<>(extra));
    }
}
