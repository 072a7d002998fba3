package io.bankofthings.lending.monitoring;

import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One pledged item under watch, with the limits its alert rules apply; amounts in minor units of the loan's currency.
 *
 * @param geofence where the item may be; null until anchored at its first reported position
 * @param offlineThreshold longest silence before an OFFLINE breach, measured on the server
 * @param minOperatingRate covenant minimum share of readings with the equipment on, 0..1
 * @param pledgedQuantity pledged inventory count, null when the item is not stock
 * @param valueAtEnrolmentMinor value at disbursement, the base of the revaluation
 * @param hoursAtEnrolment operating hours when valued; null until the first reading with hours
 * @param depreciationPerHourMinor value lost per operating hour
 * @param lastSeenAt server receive time of the newest reading, null when none yet
 * @param lastHours newest operating hours reported, null when none yet
 */
public record WatchedCollateral(
        String collateralId,
        String loanId,
        String deviceId,
        @Nullable Geofence geofence,
        Duration offlineThreshold,
        double minOperatingRate,
        @Nullable Long pledgedQuantity,
        long valueAtEnrolmentMinor,
        @Nullable Double hoursAtEnrolment,
        long depreciationPerHourMinor,
        Instant enrolledAt,
        @Nullable Instant lastSeenAt,
        @Nullable Double lastHours) {

    /** Value after the hours of use since enrolment, never below zero. */
    public long currentValueMinor() {
        if (hoursAtEnrolment == null || lastHours == null || lastHours <= hoursAtEnrolment) {
            return valueAtEnrolmentMinor;
        }
        long lost = Math.round((lastHours - hoursAtEnrolment) * depreciationPerHourMinor);
        return Math.max(0, valueAtEnrolmentMinor - lost);
    }
}
