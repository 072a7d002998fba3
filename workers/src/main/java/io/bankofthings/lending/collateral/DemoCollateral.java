package io.bankofthings.lending.collateral;

import io.bankofthings.lending.loan.DeviceType;
import io.bankofthings.lending.storage.TelemetryMetrics;
import io.bankofthings.lending.storage.TelemetryParquetWriter;
import io.bankofthings.lending.storage.TelemetryReading;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Demo data for the embedded defaults ({@code lending.collateral.seed-demo-devices=true}): registers a few devices
 * and, standing in for their IoT platforms, writes a week of hourly readings at their sites at start-up and a heartbeat
 * every 15 minutes, so a borrower can apply against them at once. Never enable in production.
 */
@Component
@ConditionalOnProperty(name = "lending.collateral.seed-demo-devices", havingValue = "true")
class DemoCollateral {

    /** A demo device, where it stands and whether it reports machine power. */
    record DemoDevice(String deviceId, DeviceType type, String label, double latitude, double longitude, boolean reportsPower) {}

    /** Munich workshop (48.137, 11.575), Hamburg port warehouse (53.54, 9.98), a farm near Berlin (52.52, 13.405). */
    static final List<DemoDevice> DEVICES = List.of(
            new DemoDevice("freezer-12", DeviceType.EQUIPMENT_MONITOR, "walk-in freezer, Munich shop", 48.137, 11.575, true),
            new DemoDevice("press-001", DeviceType.EQUIPMENT_MONITOR, "hydraulic press, Munich workshop", 48.137, 11.575, true),
            new DemoDevice("lathe-4711", DeviceType.EQUIPMENT_MONITOR, "CNC lathe, Munich workshop", 48.137, 11.575, true),
            new DemoDevice("van-1", DeviceType.GPS_TRACKER, "delivery van, Munich depot", 48.137, 11.575, false),
            new DemoDevice("harvester-9", DeviceType.GPS_TRACKER, "combine harvester, Berlin farm", 52.52, 13.405, false),
            new DemoDevice("gate-hh-1", DeviceType.RFID_GATE, "warehouse gate, Hamburg port", 53.54, 9.98, false));

    private static final Logger LOG = LoggerFactory.getLogger(DemoCollateral.class);

    private final DeviceRegistry registry;
    private final TelemetryParquetWriter writer;
    private final Clock clock;

    DemoCollateral(DeviceRegistry registry, TelemetryParquetWriter writer, Clock clock) {
        this.registry = registry;
        this.writer = writer;
        this.clock = clock;
    }

    @EventListener(ApplicationReadyEvent.class)
    void seed() {
        // a gate is registered with where it stands, for the cross-check of its sightings
        DEVICES.forEach(d -> registry.register(d.deviceId(), d.type(), d.label(),
                d.type() == DeviceType.RFID_GATE ? d.latitude() : null,
                d.type() == DeviceType.RFID_GATE ? d.longitude() : null, "demo"));
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        var readings = new ArrayList<TelemetryReading>();
        for (int h = 7 * 24; h >= 1; h--) {
            Instant at = now.minus(Duration.ofHours(h));
            boolean running = h % 3 != 0;
            DEVICES.forEach(d -> readings.add(reading(d, at, running)));
        }
        writer.write(readings);
        LOG.warn("Demo collateral: {} devices registered with a week of telemetry (lending.collateral.seed-demo-devices)",
                DEVICES.size());
    }

    @Scheduled(fixedDelay = 15, initialDelay = 15, timeUnit = java.util.concurrent.TimeUnit.MINUTES)
    void heartbeat() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        writer.write(DEVICES.stream().map(d -> reading(d, now, true)).toList());
    }

    private static TelemetryReading reading(DemoDevice d, Instant at, boolean running) {
        var metrics = new TelemetryMetrics(d.reportsPower() ? running : null, null, null, null, null,
                d.type() == DeviceType.RFID_GATE ? 120L : null, false, Map.of());
        boolean positioned = d.type() != DeviceType.RFID_GATE;
        return new TelemetryReading(d.deviceId(), at, at.getEpochSecond(), positioned ? d.latitude() : null,
                positioned ? d.longitude() : null, metrics);
    }
}
