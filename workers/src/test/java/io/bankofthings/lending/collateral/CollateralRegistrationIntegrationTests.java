package io.bankofthings.lending.collateral;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bankofthings.lending.loan.BoundDevice;
import io.bankofthings.lending.loan.CollateralItem;
import io.bankofthings.lending.loan.CollateralKind;
import io.bankofthings.lending.loan.DeviceType;
import io.bankofthings.lending.loan.LoanApplication;
import io.bankofthings.lending.loan.LoanFixtures;
import io.bankofthings.lending.loan.LoanStatus;
import io.bankofthings.lending.loan.RepaymentType;
import io.bankofthings.lending.scoring.CollateralTelemetry;
import io.bankofthings.lending.scoring.DeviceSample;
import io.bankofthings.lending.support.TestDatabase;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Device registry, telemetry checks and the lien registry against the real PostgreSQL; telemetry from a map. */
class CollateralRegistrationIntegrationTests {

    static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

    private final Map<String, List<DeviceSample>> telemetry = new HashMap<>();
    private final CollateralTelemetry store = (deviceId, window) -> telemetry.getOrDefault(deviceId, List.of());
    private final DeviceRegistry devices = new DeviceRegistry(TestDatabase.jdbc());
    private final LienRegistry liens = new LienRegistry(TestDatabase.jdbc(), TestDatabase.transactions(), Clock.fixed(NOW, ZoneOffset.UTC));
    private final CollateralRegistration registration =
            new CollateralRegistration(devices, store, liens, CollateralSettings.defaults());

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);

    private LoanApplication application(String asset, BoundDevice... bound) {
        var item = new CollateralItem("C-" + suffix, CollateralKind.EQUIPMENT, "press", asset, 5_000_000, LoanFixtures.SITE,
                List.of(bound));
        return new LoanApplication("L-" + suffix, "b", "b", LoanFixtures.person(), 1_000_000, "EUR", 24, null,
                RepaymentType.ANNUITY, LoanStatus.IDENTITY_VERIFIED, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, NOW, NOW, List.of(item));
    }

    private void reports(String deviceId, double lat, double lon) {
        telemetry.put(deviceId, List.of(new DeviceSample(NOW.minusSeconds(600), lat, lon, true, false)));
    }

    @Test
    void acceptsKnownOnlineDevicesInsideTheSiteAndAnRfidGateWithoutPosition() {
        String monitor = "mon-" + suffix;
        String gate = "gate-" + suffix;
        devices.register(monitor, DeviceType.EQUIPMENT_MONITOR, "press monitor", "ops");
        devices.register(gate, DeviceType.RFID_GATE, "hall gate", "ops");
        reports(monitor, 48.1375, 11.5755); // about 60 m from the site centre
        telemetry.put(gate, List.of(new DeviceSample(NOW.minusSeconds(60), null, null, null, false)));

        var result = registration.check(application("SN-" + suffix, new BoundDevice(monitor, DeviceType.EQUIPMENT_MONITOR),
                new BoundDevice(gate, DeviceType.RFID_GATE)));

        assertThat(result.accepted()).as(result.summary()).isTrue();
        assertThat(result.summary()).isEqualTo("1 items, 2 devices online inside their sites, no lien found");
    }

    @Test
    void refusesUnknownSilentTamperedWronglyTypedAndOutsideDevicesWithEveryReason() {
        String unknown = "unknown-" + suffix;
        String silent = "silent-" + suffix;
        String outside = "outside-" + suffix;
        String tampered = "tampered-" + suffix;
        String tracker = "tracker-" + suffix;
        devices.register(silent, DeviceType.EQUIPMENT_MONITOR, null, "ops");
        devices.register(outside, DeviceType.GPS_TRACKER, null, "ops");
        devices.register(tampered, DeviceType.EQUIPMENT_MONITOR, null, "ops");
        devices.register(tracker, DeviceType.GPS_TRACKER, null, "ops");
        reports(outside, 48.20, 11.575); // about 7 km north
        telemetry.put(tampered, List.of(new DeviceSample(NOW.minusSeconds(60), 48.137, 11.575, true, true)));

        var result = registration.check(application("SN-" + suffix,
                new BoundDevice(unknown, DeviceType.GPS_TRACKER),
                new BoundDevice(silent, DeviceType.EQUIPMENT_MONITOR),
                new BoundDevice(outside, DeviceType.GPS_TRACKER),
                new BoundDevice(tampered, DeviceType.EQUIPMENT_MONITOR),
                new BoundDevice(tracker, DeviceType.EQUIPMENT_MONITOR)));

        assertThat(result.accepted()).isFalse();
        assertThat(result.refusals()).containsExactly(
                "device " + unknown + " is not registered with the bank",
                "device " + silent + " has not reported within PT24H",
                "device " + outside + " is 7005 m from the site of SN-" + suffix + ", outside its 300 m radius",
                "device " + tampered + " reported tampering within PT24H",
                "device " + tracker + " is registered as GPS_TRACKER, not EQUIPMENT_MONITOR");
    }

    @Test
    void refusesAnAssetUnderAnActiveLienAndAcceptsItOnceReleased() {
        String monitor = "lien-mon-" + suffix;
        devices.register(monitor, DeviceType.EQUIPMENT_MONITOR, null, "ops");
        reports(monitor, 48.137, 11.575);
        String asset = "vin-" + suffix;
        liens.fileExternal("EXT-" + suffix, asset, "Other Bank AG");

        var refused = registration.check(application(asset, new BoundDevice(monitor, DeviceType.EQUIPMENT_MONITOR)));

        assertThat(refused.refusals()).containsExactly(
                "asset " + asset.toUpperCase() + " is already under lien EXT-" + suffix + " of Other Bank AG");
        assertThatThrownBy(() -> liens.fileExternal("EXT2-" + suffix, asset.toUpperCase(), "Third Bank"))
                .hasMessageContaining("already under an active lien");
    }

    @Test
    void registersOneFilingPerLoanOnceAndReleasesIt() {
        String loanId = LoanFixtures.stored("lien-owner", 100_000, LoanStatus.ACCEPTED);
        var collateral = LoanFixtures.applications().find(loanId).orElseThrow().collateral();

        String filing = liens.register(loanId, collateral, "Bank of Things");
        String again = liens.register(loanId, collateral, "Bank of Things");

        assertThat(filing).matches("LR-2026-\\d{6}").isEqualTo(again);
        assertThat(liens.ofLoan(loanId)).singleElement().satisfies(l -> assertThat(l.status()).isEqualTo("ACTIVE"));
        assertThat(liens.release(loanId)).isEqualTo(1);
        assertThat(liens.release(loanId)).isZero();
        assertThat(liens.activeOn(List.of(collateral.getFirst().assetIdentifier()))).isEmpty();
    }
}
