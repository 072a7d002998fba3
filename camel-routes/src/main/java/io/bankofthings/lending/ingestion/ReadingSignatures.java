package io.bankofthings.lending.ingestion;

import io.bankofthings.lending.storage.TelemetryMetrics;
import io.bankofthings.lending.storage.TelemetryReading;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * HMAC-SHA256 signatures of readings over their canonical form, so a device signs once and any platform may carry
 * the reading in its own format.
 *
 * <p>Canonical form (UTF-8, fields joined by {@code '\n'}): {@code v1}, device id, timestamp in epoch microseconds,
 * sequence, latitude, longitude (empty without a position), then every metric sent as {@code name=value} sorted by
 * name and joined by {@code ';'}. Numbers are written as plain decimals without exponent and trailing zeros
 * ({@code 1234.5}, {@code 3}, {@code 0.00001}), booleans as {@code true}/{@code false}; an unknown boolean metric is
 * kept and signed as {@code 1}/{@code 0}. The signature is sent as lower-case hex.
 */
public final class ReadingSignatures {

    /** Version tag at the start of the canonical form. */
    public static final String VERSION = "v1";

    private static final HexFormat HEX = HexFormat.of();

    private ReadingSignatures() {}

    /** Returns the canonical form of {@code reading}. */
    public static String canonical(TelemetryReading reading) {
        TelemetryMetrics m = reading.metrics();
        Map<String, String> metrics = new TreeMap<>();
        put(metrics, "powerOn", m.powerOn());
        put(metrics, "operatingHours", m.operatingHours());
        put(metrics, "currentAmps", m.currentAmps());
        put(metrics, "energyKwh", m.energyKwh());
        put(metrics, "temperatureC", m.temperatureC());
        put(metrics, "inventoryCount", m.inventoryCount());
        put(metrics, "tamper", m.tamper());
        m.extra().forEach((name, value) -> put(metrics, name, value));
        StringBuilder metricText = new StringBuilder();
        metrics.forEach((name, value) -> {
            if (!metricText.isEmpty()) {
                metricText.append(';');
            }
            metricText.append(name).append('=').append(value);
        });
        return String.join("\n",
                VERSION,
                reading.deviceId(),
                Long.toString(ChronoUnit.MICROS.between(Instant.EPOCH, reading.timestamp())),
                Long.toString(reading.sequence()),
                number(reading.latitude()),
                number(reading.longitude()),
                metricText);
    }

    /** Returns the hex HMAC-SHA256 of the canonical form of {@code reading} under {@code key}. */
    public static String sign(byte[] key, TelemetryReading reading) {
        return HEX.formatHex(mac(key, canonical(reading)));
    }

    /**
     * Returns whether {@code signatureHex} is the signature of {@code reading} under {@code key}; compares in
     * constant time and is false for anything that is not hex.
     */
    public static boolean verify(byte[] key, TelemetryReading reading, String signatureHex) {
        byte[] given;
        try {
            given = HEX.parseHex(signatureHex.toLowerCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException notHex) {
            return false;
        }
        return MessageDigest.isEqual(mac(key, canonical(reading)), given);
    }

    private static byte[] mac(byte[] key, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static void put(Map<String, String> metrics, String name, @Nullable Object value) {
        if (value instanceof Boolean flag) {
            metrics.put(name, flag.toString());
        } else if (value instanceof Long count) {
            metrics.put(name, count.toString());
        } else if (value instanceof Double number) {
            metrics.put(name, number(number));
        }
    }

    private static String number(@Nullable Double value) {
        if (value == null) {
            return "";
        }
        if (value == 0) {
            return "0";
        }
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
