package io.bankofthings.lending.ingestion;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bankofthings.lending.storage.TelemetryMetrics;
import io.bankofthings.lending.storage.TelemetryReading;
import org.jspecify.annotations.Nullable;

/**
 * Writes readings in the generic JSON format that {@link TelemetryJsonParser} reads, e.g. for the spool or for
 * clients and benchmarks that sign and send readings.
 */
public final class TelemetryJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TelemetryJson() {}

    /** Returns {@code reading} as a generic JSON object, with {@code "sig"} when {@code signature} is given. */
    public static ObjectNode toNode(TelemetryReading reading, @Nullable String signature) {
        ObjectNode node = JSON.createObjectNode()
                .put("deviceId", reading.deviceId())
                .put("ts", reading.timestamp().toString())
                .put("seq", reading.sequence());
        if (reading.latitude() != null && reading.longitude() != null) {
            node.put("lat", reading.latitude()).put("lon", reading.longitude());
        }
        TelemetryMetrics m = reading.metrics();
        ObjectNode metrics = node.putObject("metrics");
        if (m.powerOn() != null) {
            metrics.put("powerOn", m.powerOn());
        }
        if (m.operatingHours() != null) {
            metrics.put("operatingHours", m.operatingHours());
        }
        if (m.currentAmps() != null) {
            metrics.put("currentAmps", m.currentAmps());
        }
        if (m.energyKwh() != null) {
            metrics.put("energyKwh", m.energyKwh());
        }
        if (m.temperatureC() != null) {
            metrics.put("temperatureC", m.temperatureC());
        }
        if (m.inventoryCount() != null) {
            metrics.put("inventoryCount", m.inventoryCount());
        }
        if (m.tamper() != null) {
            metrics.put("tamper", m.tamper());
        }
        m.extra().forEach(metrics::put);
        if (signature != null) {
            node.put("sig", signature);
        }
        return node;
    }

    /** Returns {@code reading} as UTF-8 generic JSON bytes. */
    public static byte[] toBytes(TelemetryReading reading, @Nullable String signature) {
        try {
            return JSON.writeValueAsBytes(toNode(reading, signature));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not write reading %d of %s as JSON"
                    .formatted(reading.sequence(), reading.deviceId()), e);
        }
    }
}
