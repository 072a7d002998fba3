package io.bankofthings.lending.monitoring;

import io.bankofthings.lending.storage.StoredReadingsListener;
import io.bankofthings.lending.storage.TelemetryReading;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Evaluates the telemetry alert rules on every stored batch: for each reading of a watched device (in arrival order)
 * it records the server receive time and hours of use, then checks geofence, tamper, inventory and revalued
 * loan-to-value. A rule that finds its condition gone ends the matching open alerts. A reading after a silence ends
 * an OFFLINE alert; the silence itself is found by {@link MonitoringSchedule}.
 */
@Service
public class AlertEvaluator implements StoredReadingsListener {

    private static final Logger LOG = LoggerFactory.getLogger(AlertEvaluator.class);

    private final WatchedCollaterals watched;
    private final AlertService alerts;
    private final AlertRules rules;
    private final MonitoringSettings settings;
    private final Clock clock;

    public AlertEvaluator(WatchedCollaterals watched, AlertService alerts, MonitoringSettings settings, Clock clock) {
        this.watched = watched;
        this.alerts = alerts;
        this.rules = new AlertRules(settings.earlyWarningRatio());
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public void readingsStored(List<TelemetryReading> readings) {
        Instant receivedAt = clock.instant();
        var byDevice = new LinkedHashMap<String, List<TelemetryReading>>();
        for (var reading : readings) {
            byDevice.computeIfAbsent(reading.deviceId(), d -> new ArrayList<>()).add(reading);
        }
        byDevice.forEach((deviceId, ofDevice) -> {
            try {
                evaluateDevice(deviceId, ofDevice, receivedAt);
            } catch (RuntimeException e) {
                LOG.error("Alert rules failed for device {} ({} readings); the readings are stored", deviceId,
                        ofDevice.size(), e);
            }
        });
    }

    private void evaluateDevice(String deviceId, List<TelemetryReading> readings, Instant receivedAt) {
        for (var item : watched.activeByDevice(deviceId)) {
            alerts.conditionEnded(item.collateralId(), AlertType.OFFLINE, "device reported again");
            for (var reading : readings) {
                evaluate(item.loanId(), item.collateralId(), reading, receivedAt);
            }
        }
    }

    private void evaluate(String loanId, String collateralId, TelemetryReading reading, Instant receivedAt) {
        watched.touch(collateralId, receivedAt, reading.metrics().operatingHours());
        var loanItems = watched.ofLoan(loanId);
        var item = loanItems.stream().filter(c -> c.collateralId().equals(collateralId)).findFirst().orElseThrow();
        if (item.geofence() == null && reading.latitude() != null && reading.longitude() != null) {
            watched.anchorGeofence(collateralId,
                    new Geofence.Circle(reading.latitude(), reading.longitude(), settings.defaultGeofenceRadiusMeters()));
            LOG.info("Geofence of collateral {} anchored at its first reported position", collateralId);
            return;
        }
        var loan = watched.enrolment(loanId).orElseThrow();
        apply(collateralId, rules.geofence(item, reading), "back inside the geofence");
        apply(collateralId, rules.tamper(item, reading), "no tamper reported");
        apply(collateralId, rules.inventory(item, reading), "inventory back above the pledged quantity");
        apply(collateralId, rules.loanToValue(loan, loanItems, item, reading), "loan to value back within its limit");
    }

    private void apply(String collateralId, RuleResult result, String resolvedReason) {
        if (result.alert() != null) {
            alerts.raise(result.alert());
        } else if (result.isSafe()) {
            alerts.conditionEnded(collateralId, result.type(), resolvedReason);
        }
    }
}
