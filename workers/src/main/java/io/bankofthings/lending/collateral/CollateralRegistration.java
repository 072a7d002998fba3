package io.bankofthings.lending.collateral;

import io.bankofthings.lending.loan.CollateralItem;
import io.bankofthings.lending.loan.DeviceType;
import io.bankofthings.lending.loan.LoanApplication;
import io.bankofthings.lending.scoring.CollateralTelemetry;
import io.bankofthings.lending.scoring.DeviceSample;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Service;

/**
 * Registers an application's collateral before lending: every bound device must be known to the bank, of the declared
 * type, have reported within the online window without tampering, and (unless it is a fixed RFID gate) its latest
 * position must lie inside the item's declared site; and no asset may already carry an active lien. Refusals are
 * business outcomes, not faults.
 */
@Service
public class CollateralRegistration {

    private final DeviceRegistry devices;
    private final CollateralTelemetry telemetry;
    private final LienRegistry liens;
    private final CollateralSettings settings;

    public CollateralRegistration(DeviceRegistry devices, CollateralTelemetry telemetry, LienRegistry liens,
            CollateralSettings settings) {
        this.devices = devices;
        this.telemetry = telemetry;
        this.liens = liens;
        this.settings = settings;
    }

    public RegistrationResult check(LoanApplication application) {
        var refusals = new ArrayList<String>();
        int checked = 0;
        for (var item : application.collateral()) {
            for (var bound : item.devices()) {
                checked++;
                checkDevice(item, bound.deviceId(), bound.type(), refusals);
            }
        }
        var assets = application.collateral().stream().map(CollateralItem::assetIdentifier).toList();
        for (var lien : liens.activeOn(assets)) {
            if (!application.loanId().equals(lien.loanId())) {
                refusals.add("asset " + lien.assetIdentifier() + " is already under lien " + lien.filingNumber()
                        + " of " + lien.securedParty());
            }
        }
        String summary = String.format(Locale.ROOT, "%d items, %d devices online inside their sites, no lien found",
                application.collateral().size(), checked);
        return new RegistrationResult(List.copyOf(refusals), refusals.isEmpty() ? summary : String.join("; ", refusals));
    }

    private void checkDevice(CollateralItem item, String deviceId, DeviceType declared, List<String> refusals) {
        var registered = devices.find(deviceId);
        if (registered.isEmpty()) {
            refusals.add("device " + deviceId + " is not registered with the bank");
            return;
        }
        if (registered.get().type() != declared) {
            refusals.add("device " + deviceId + " is registered as " + registered.get().type() + ", not " + declared);
            return;
        }
        List<DeviceSample> samples = telemetry.samplesOf(deviceId, settings.onlineWindow());
        if (samples.isEmpty()) {
            refusals.add("device " + deviceId + " has not reported within " + settings.onlineWindow());
            return;
        }
        if (samples.stream().anyMatch(DeviceSample::tamper)) {
            refusals.add("device " + deviceId + " reported tampering within " + settings.onlineWindow());
            return;
        }
        if (declared == DeviceType.RFID_GATE || item.site() == null) {
            return;
        }
        var positioned = samples.stream().filter(DeviceSample::hasPosition).toList();
        if (positioned.isEmpty()) {
            refusals.add("device " + deviceId + " reports no position");
            return;
        }
        var last = positioned.getLast();
        double distance = item.site().distanceMetersTo(last.latitude(), last.longitude());
        if (distance > item.site().radiusMeters()) {
            refusals.add(String.format(Locale.ROOT, "device %s is %.0f m from the site of %s, outside its %d m radius",
                    deviceId, distance, item.assetIdentifier(), item.site().radiusMeters()));
        }
    }
}
