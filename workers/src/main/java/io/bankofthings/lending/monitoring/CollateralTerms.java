package io.bankofthings.lending.monitoring;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * What the loan agreement says about watching one collateral item; every null falls back to
 * {@link MonitoringSettings}. This is the seam for the loan lifecycle: it passes the site and covenants it collected.
 *
 * @param geofence the item's site (circle or polygon), null for the configured default
 * @param pledgedQuantity pledged inventory count, null when the item is not stock
 * @param offlineThreshold longest silence before an OFFLINE breach, null for the default
 * @param minOperatingRate covenant minimum operating rate 0..1, null for the default
 */
public record CollateralTerms(
        @Nullable Geofence geofence,
        @Nullable Long pledgedQuantity,
        @Nullable Duration offlineThreshold,
        @Nullable Double minOperatingRate) {

    public static final CollateralTerms DEFAULTS = new CollateralTerms(null, null, null, null);
}
