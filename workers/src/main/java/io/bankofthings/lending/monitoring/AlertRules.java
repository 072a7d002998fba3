package io.bankofthings.lending.monitoring;

import io.bankofthings.lending.storage.TelemetryReading;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The alert rules as pure functions of the watched collateral and what was observed. Each rule raises a BREACH past
 * its limit and a WARNING once {@code earlyWarningRatio} of the way there (e.g. 0.9: at 90% of the geofence radius or
 * the offline threshold, at 1/0.9 of the pledged quantity or the minimum operating rate, at 90% of the LTV limit).
 */
public final class AlertRules {

    private final double earlyWarningRatio;

    /** @param earlyWarningRatio share of a limit at which the early warning fires, in (0, 1] */
    public AlertRules(double earlyWarningRatio) {
        if (!(earlyWarningRatio > 0 && earlyWarningRatio <= 1)) {
            throw new IllegalArgumentException("Early warning ratio must be in (0, 1]: " + earlyWarningRatio);
        }
        this.earlyWarningRatio = earlyWarningRatio;
    }

    /** Position against the geofence; not applicable without a position or a geofence. */
    public RuleResult geofence(WatchedCollateral c, TelemetryReading r) {
        if (r.latitude() == null || r.longitude() == null || c.geofence() == null) {
            return RuleResult.notApplicable(AlertType.GEOFENCE);
        }
        double ratio = c.geofence().breachRatio(r.latitude(), r.longitude());
        Severity severity = ratio > 1 ? Severity.BREACH : ratio >= earlyWarningRatio ? Severity.WARNING : null;
        if (severity == null) {
            return RuleResult.safe(AlertType.GEOFENCE);
        }
        var evidence = evidence(r);
        evidence.put("latitude", r.latitude());
        evidence.put("longitude", r.longitude());
        evidence.put("breachRatio", round(ratio));
        if (c.geofence() instanceof Geofence.Circle circle) {
            evidence.put("distanceMeters", Math.round(ratio * circle.radiusMeters()));
            evidence.put("radiusMeters", circle.radiusMeters());
        }
        return RuleResult.alert(candidate(AlertType.GEOFENCE, severity, c, r.timestamp(), r.timestamp().toString(), evidence));
    }

    /** The tamper flag: true is a breach, false is safe, absent is not applicable. */
    public RuleResult tamper(WatchedCollateral c, TelemetryReading r) {
        Boolean tamper = r.metrics().tamper();
        if (tamper == null) {
            return RuleResult.notApplicable(AlertType.TAMPER);
        }
        if (!tamper) {
            return RuleResult.safe(AlertType.TAMPER);
        }
        return RuleResult.alert(candidate(AlertType.TAMPER, Severity.BREACH, c, r.timestamp(), r.timestamp().toString(), evidence(r)));
    }

    /** Counted inventory against the pledged quantity; not applicable for non-stock collateral or without a count. */
    public RuleResult inventory(WatchedCollateral c, TelemetryReading r) {
        Long count = r.metrics().inventoryCount();
        if (count == null || c.pledgedQuantity() == null) {
            return RuleResult.notApplicable(AlertType.INVENTORY);
        }
        long pledged = c.pledgedQuantity();
        Severity severity = count < pledged ? Severity.BREACH : count < pledged / earlyWarningRatio ? Severity.WARNING : null;
        if (severity == null) {
            return RuleResult.safe(AlertType.INVENTORY);
        }
        var evidence = evidence(r);
        evidence.put("inventoryCount", count);
        evidence.put("pledgedQuantity", pledged);
        return RuleResult.alert(candidate(AlertType.INVENTORY, severity, c, r.timestamp(), r.timestamp().toString(), evidence));
    }

    /**
     * Silence since the last reading the server received (or since enrolment when none came) against the threshold.
     *
     * @param now the server clock
     */
    public RuleResult offline(WatchedCollateral c, Instant now) {
        Instant since = c.lastSeenAt() != null ? c.lastSeenAt() : c.enrolledAt();
        Duration silence = Duration.between(since, now);
        long thresholdMillis = c.offlineThreshold().toMillis();
        Severity severity = silence.toMillis() > thresholdMillis ? Severity.BREACH
                : silence.toMillis() >= thresholdMillis * earlyWarningRatio ? Severity.WARNING : null;
        if (severity == null) {
            return RuleResult.safe(AlertType.OFFLINE);
        }
        var evidence = new LinkedHashMap<String, Object>();
        evidence.put("lastSeenAt", since.toString());
        evidence.put("silenceSeconds", silence.toSeconds());
        evidence.put("thresholdSeconds", c.offlineThreshold().toSeconds());
        return RuleResult.alert(candidate(AlertType.OFFLINE, severity, c, now, since.toString(), evidence));
    }

    /**
     * Share of readings with the equipment on over a review window, against the covenant minimum; not applicable when
     * no reading in the window says whether it was on.
     *
     * @param window e.g. the review date, part of the alert id
     */
    public RuleResult operatingRate(WatchedCollateral c, List<TelemetryReading> readings, Instant now, String window) {
        long known = readings.stream().filter(r -> r.metrics().powerOn() != null).count();
        if (known == 0) {
            return RuleResult.notApplicable(AlertType.OPERATING_RATE);
        }
        long on = readings.stream().filter(r -> Boolean.TRUE.equals(r.metrics().powerOn())).count();
        double rate = (double) on / known;
        double minimum = c.minOperatingRate();
        Severity severity = rate < minimum ? Severity.BREACH : rate < minimum / earlyWarningRatio ? Severity.WARNING : null;
        if (severity == null) {
            return RuleResult.safe(AlertType.OPERATING_RATE);
        }
        var evidence = new LinkedHashMap<String, Object>();
        evidence.put("operatingRate", round(rate));
        evidence.put("minimumRate", minimum);
        evidence.put("readings", known);
        return RuleResult.alert(candidate(AlertType.OPERATING_RATE, severity, c, now, window, evidence));
    }

    /**
     * Loan-to-value with every item revalued from its hours of use, against the loan's limit; evaluated for the item
     * that just reported hours.
     *
     * @param all every watched item of the loan, with {@code reported} among them already updated
     */
    public RuleResult loanToValue(Enrolment loan, List<WatchedCollateral> all, WatchedCollateral reported, TelemetryReading r) {
        if (r.metrics().operatingHours() == null) {
            return RuleResult.notApplicable(AlertType.LTV);
        }
        long value = all.stream().mapToLong(WatchedCollateral::currentValueMinor).sum();
        double ltv = value == 0 ? Double.POSITIVE_INFINITY : (double) loan.loanAmountMinor() / value;
        Severity severity = ltv > loan.ltvLimit() ? Severity.BREACH
                : ltv >= loan.ltvLimit() * earlyWarningRatio ? Severity.WARNING : null;
        if (severity == null) {
            return RuleResult.safe(AlertType.LTV);
        }
        var evidence = evidence(r);
        evidence.put("operatingHours", r.metrics().operatingHours());
        evidence.put("collateralValueMinor", value);
        evidence.put("loanAmountMinor", loan.loanAmountMinor());
        evidence.put("loanToValue", round(ltv));
        evidence.put("limit", loan.ltvLimit());
        // one LTV alert per loan and day of the reading: revaluation moves slowly
        String window = r.timestamp().toString().substring(0, 10);
        return RuleResult.alert(candidate(AlertType.LTV, severity, reported, r.timestamp(), window, evidence));
    }

    private static AlertCandidate candidate(AlertType type, Severity severity, WatchedCollateral c, Instant observedAt,
            String window, Map<String, Object> evidence) {
        return new AlertCandidate(type, severity, c.loanId(), c.collateralId(), c.deviceId(), observedAt, window, evidence);
    }

    private static LinkedHashMap<String, Object> evidence(TelemetryReading r) {
        var evidence = new LinkedHashMap<String, Object>();
        evidence.put("readingTimestamp", r.timestamp().toString());
        evidence.put("readingSequence", r.sequence());
        return evidence;
    }

    private static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }
}
