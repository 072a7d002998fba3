package io.bankofthings.lending.monitoring;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Defaults of post-loan monitoring, bound from {@code lending.monitoring.*}; each applies where the loan's collateral
 * does not bring its own value.
 *
 * @param defaultSiteLatitude site of collateral without a geofence, WGS84 degrees; null = anchor at the first position
 * @param defaultSiteLongitude see {@code defaultSiteLatitude}
 * @param defaultGeofenceRadiusMeters radius of the default circle geofence, in metres
 * @param offlineThreshold longest silence of a device before an OFFLINE breach
 * @param minOperatingRate covenant minimum share of readings with the equipment on, 0..1
 * @param ltvLimit highest loan-to-value, e.g. 0.8 (the loan-decision table's limit)
 * @param earlyWarningRatio share of a limit at which the early warning fires, e.g. 0.9
 * @param depreciationPerHourRate share of the enrolment value lost per operating hour, e.g. 0.0001
 * @param operatingRateWindow window of the periodic covenant review
 * @param alertMessageTtl how long an alert message waits in the engine for its process
 */
@ConfigurationProperties("lending.monitoring")
public record MonitoringSettings(
        @Nullable Double defaultSiteLatitude,
        @Nullable Double defaultSiteLongitude,
        @DefaultValue("500") double defaultGeofenceRadiusMeters,
        @DefaultValue("PT6H") Duration offlineThreshold,
        @DefaultValue("0.3") double minOperatingRate,
        @DefaultValue("0.8") double ltvLimit,
        @DefaultValue("0.9") double earlyWarningRatio,
        @DefaultValue("0.0001") double depreciationPerHourRate,
        @DefaultValue("P30D") Duration operatingRateWindow,
        @DefaultValue("PT1H") Duration alertMessageTtl) {

    /** Defaults only, e.g. for tests. */
    public static MonitoringSettings defaults() {
        return new MonitoringSettings(null, null, 500, Duration.ofHours(6), 0.3, 0.8, 0.9, 0.0001, Duration.ofDays(30),
                Duration.ofHours(1));
    }

    /** The default geofence, or null when no default site is configured. */
    public @Nullable Geofence defaultGeofence() {
        if (defaultSiteLatitude == null || defaultSiteLongitude == null) {
            return null;
        }
        return new Geofence.Circle(defaultSiteLatitude, defaultSiteLongitude, defaultGeofenceRadiusMeters);
    }
}
