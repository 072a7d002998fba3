package io.bankofthings.lending;

import io.bankofthings.lending.collateral.DeviceRegistry;
import io.bankofthings.lending.loan.DeviceType;
import io.bankofthings.lending.storage.TelemetryMetrics;
import io.bankofthings.lending.storage.TelemetryParquetWriter;
import io.bankofthings.lending.storage.TelemetryReading;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Collateral for app tests: registers a device and writes its telemetry through the real Parquet store (S3Proxy), and
 * builds application bodies. The site is a Munich workshop, 48.137 / 11.575, radius 300 m.
 */
final class LoanTestData {

    static final double LAT = 48.137;
    static final double LON = 11.575;

    private LoanTestData() {}

    /** Registers the device and writes one reading an hour for the last {@code hours} hours, at the site, running. */
    static void onlineDevice(DeviceRegistry registry, TelemetryParquetWriter writer, String deviceId, DeviceType type, int hours) {
        registry.register(deviceId, type, "test device", "test");
        var readings = new ArrayList<TelemetryReading>();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        for (int h = hours; h >= 1; h--) {
            Instant at = now.minus(Duration.ofHours(h)).plusSeconds(120);
            readings.add(new TelemetryReading(deviceId, at, at.getEpochSecond(), LAT, LON,
                    new TelemetryMetrics(type == DeviceType.EQUIPMENT_MONITOR ? Boolean.TRUE : null, null, null, null, null,
                            null, false, Map.of())));
        }
        writer.write(readings);
    }

    static String application(long amountMinor, int termMonths, String repaymentType, String kind, long valueMinor,
            String assetId, String deviceId, String deviceType) {
        return application("""
                {"type": "NATURAL_PERSON", "name": "Bob Builder", "birthDate": "1980-05-17", "nationalId": "T22000129", "country": "DE"}""",
                amountMinor, termMonths, repaymentType, kind, valueMinor, assetId, deviceId, deviceType);
    }

    static String application(String applicant, long amountMinor, int termMonths, String repaymentType, String kind,
            long valueMinor, String assetId, String deviceId, String deviceType) {
        return """
                {"applicant": %s,
                 "amountMinor": %d, "currency": "EUR", "termMonths": %d, "purpose": "new press", "repaymentType": "%s",
                 "collateral": [{"kind": "%s", "description": "Hydraulic press", "assetIdentifier": "%s",
                                 "declaredValueMinor": %d,
                                 "site": {"address": "Werkstattweg 1, Munich", "latitude": %s, "longitude": %s, "radiusMeters": 300},
                                 "devices": [{"deviceId": "%s", "type": "%s"}]}]}
                """.formatted(applicant, amountMinor, termMonths, repaymentType, kind, assetId, valueMinor, LAT, LON,
                deviceId, deviceType);
    }

    static List<String> statuses(com.fasterxml.jackson.databind.JsonNode history) {
        return history.findValuesAsText("status");
    }
}
