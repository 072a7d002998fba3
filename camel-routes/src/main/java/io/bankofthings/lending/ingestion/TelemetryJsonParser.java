package io.bankofthings.lending.ingestion;

import static io.bankofthings.lending.ingestion.RejectionReason.DEVICE_ID_MISMATCH;
import static io.bankofthings.lending.ingestion.RejectionReason.INVALID_TIMESTAMP;
import static io.bankofthings.lending.ingestion.RejectionReason.INVALID_VALUE;
import static io.bankofthings.lending.ingestion.RejectionReason.MALFORMED_JSON;
import static io.bankofthings.lending.ingestion.RejectionReason.MISSING_FIELD;
import static io.bankofthings.lending.ingestion.RejectionReason.PAYLOAD_TOO_LARGE;
import static io.bankofthings.lending.ingestion.RejectionReason.WRONG_TYPE;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.bankofthings.lending.storage.TelemetryMetrics;
import io.bankofthings.lending.storage.TelemetryReading;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Turns a device's JSON telemetry message into a {@link TelemetryReading}, independent of the transport.
 *
 * <p>Format: {@code {"deviceId":"press-7", "ts":"2026-11-22T10:00:00Z" or epoch millis, "seq":42, "lat":31.2,
 * "lon":121.5, "metrics":{"powerOn":true, "operatingHours":1234.5, "anyUnknown":1.0}}}. {@code deviceId} may be
 * left out when the transport names the device; {@code lat}/{@code lon} and {@code metrics} are optional. Metrics
 * without a column of their own are kept if they are numbers or booleans; other top-level fields are ignored.
 */
@Component
public class TelemetryJsonParser {

    /** Largest accepted payload, in bytes. */
    public static final int MAX_PAYLOAD_BYTES = 64 * 1024;

    /** Device ids: letters, digits and {@code . _ : -}, starting with a letter or digit, at most 128 characters. */
    public static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

    /** Readings taken before this instant are implausible (device clock not set). */
    static final Instant EARLIEST_TIMESTAMP = Instant.parse("2000-01-01T00:00:00Z");

    /** How far a reading's timestamp may lie ahead of the platform clock. */
    static final Duration MAX_CLOCK_SKEW = Duration.ofDays(1);

    private static final Set<String> KNOWN_METRICS = Set.of(
            "powerOn", "operatingHours", "currentAmps", "energyKwh", "temperatureC", "inventoryCount", "tamper");

    private final ObjectMapper json = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private final Clock clock;

    /** Creates a parser that checks timestamps against the system clock. */
    public TelemetryJsonParser() {
        this(Clock.systemUTC());
    }

    /** Creates a parser that checks timestamps against {@code clock}. */
    public TelemetryJsonParser(Clock clock) {
        this.clock = clock;
    }

    /**
     * Parses and validates one message.
     *
     * @param payload the raw message bytes, UTF-8 JSON
     * @param transportDeviceId device id given by the transport (MQTT topic, authenticated webhook), or null; when
     *     given, the payload's {@code deviceId} must be absent or equal
     * @return the reading
     * @throws TelemetryRejectedException with the reason and the offending field and value
     */
    public TelemetryReading parse(byte[] payload, @Nullable String transportDeviceId) {
        return parseSigned(payload, transportDeviceId).reading();
    }

    /**
     * Parses and validates one message and returns it with its signature ({@code "sig"}, hex), which is not checked
     * here.
     *
     * @see #parse(byte[], String)
     */
    public SignedReading parseSigned(byte[] payload, @Nullable String transportDeviceId) {
        if (payload.length > MAX_PAYLOAD_BYTES) {
            throw new TelemetryRejectedException(
                    PAYLOAD_TOO_LARGE, "%d bytes, limit %d".formatted(payload.length, MAX_PAYLOAD_BYTES));
        }
        return read(readTree(payload), transportDeviceId);
    }

    /**
     * Validates one reading already read as JSON, in the generic format; platform adapters translate into it.
     *
     * @throws TelemetryRejectedException with the reason and the offending field and value
     */
    public SignedReading read(JsonNode root, @Nullable String transportDeviceId) {
        if (!root.isObject()) {
            throw new TelemetryRejectedException(WRONG_TYPE, "payload must be a JSON object, was " + root.getNodeType());
        }
        String deviceId = deviceId(root, transportDeviceId);
        Instant timestamp = timestamp(root);
        long sequence = sequence(root);
        Double latitude = optionalNumber(root, "lat", "lat");
        Double longitude = optionalNumber(root, "lon", "lon");
        if ((latitude == null) != (longitude == null)) {
            throw new TelemetryRejectedException(
                    INVALID_VALUE, "lat and lon must be given together: lat=%s, lon=%s".formatted(latitude, longitude));
        }
        if (latitude != null && (latitude < -90 || latitude > 90)) {
            throw new TelemetryRejectedException(INVALID_VALUE, "lat out of range [-90, 90]: " + latitude);
        }
        if (longitude != null && (longitude < -180 || longitude > 180)) {
            throw new TelemetryRejectedException(INVALID_VALUE, "lon out of range [-180, 180]: " + longitude);
        }
        String signature = null;
        JsonNode sig = root.get("sig");
        if (sig != null && !sig.isNull()) {
            if (!sig.isTextual()) {
                throw new TelemetryRejectedException(WRONG_TYPE, "sig must be a hex string, was " + sig.getNodeType());
            }
            signature = sig.textValue();
        }
        return new SignedReading(
                new TelemetryReading(deviceId, timestamp, sequence, latitude, longitude, metrics(root)), signature);
    }

    /**
     * Reads {@code payload} as a JSON tree with the parser's strict settings (duplicate keys and trailing tokens are
     * refused).
     *
     * @throws TelemetryRejectedException with {@link RejectionReason#MALFORMED_JSON} or
     *     {@link RejectionReason#PAYLOAD_TOO_LARGE} above {@code maxBytes}
     */
    public JsonNode readTree(byte[] payload, int maxBytes) {
        if (payload.length > maxBytes) {
            throw new TelemetryRejectedException(
                    PAYLOAD_TOO_LARGE, "%d bytes, limit %d".formatted(payload.length, maxBytes));
        }
        return readTree(payload);
    }

    private JsonNode readTree(byte[] payload) {
        try {
            JsonNode root = json.readTree(payload);
            if (root == null || root.isMissingNode()) {
                throw new TelemetryRejectedException(MALFORMED_JSON, "empty payload");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new TelemetryRejectedException(MALFORMED_JSON, e.getOriginalMessage());
        } catch (IOException e) {
            throw new TelemetryRejectedException(MALFORMED_JSON, String.valueOf(e.getMessage()));
        }
    }

    private static String deviceId(JsonNode root, @Nullable String transportDeviceId) {
        JsonNode node = root.get("deviceId");
        String payloadDeviceId = null;
        if (node != null && !node.isNull()) {
            if (!node.isTextual()) {
                throw new TelemetryRejectedException(WRONG_TYPE, "deviceId must be a string, was " + node.getNodeType());
            }
            payloadDeviceId = node.textValue();
        }
        if (transportDeviceId != null && payloadDeviceId != null && !transportDeviceId.equals(payloadDeviceId)) {
            throw new TelemetryRejectedException(
                    DEVICE_ID_MISMATCH,
                    "transport device '%s', payload deviceId '%s'".formatted(transportDeviceId, payloadDeviceId));
        }
        String deviceId = transportDeviceId != null ? transportDeviceId : payloadDeviceId;
        if (deviceId == null) {
            throw new TelemetryRejectedException(MISSING_FIELD, "deviceId is required when the transport names no device");
        }
        if (!DEVICE_ID.matcher(deviceId).matches()) {
            throw new TelemetryRejectedException(
                    INVALID_VALUE, "deviceId '%s' does not match %s".formatted(abbreviate(deviceId), DEVICE_ID));
        }
        return deviceId;
    }

    private Instant timestamp(JsonNode root) {
        JsonNode node = required(root, "ts");
        Instant timestamp;
        if (node.isTextual()) {
            timestamp = parseIsoInstant(node.textValue());
        } else if (node.isIntegralNumber() && node.canConvertToLong()) {
            timestamp = Instant.ofEpochMilli(node.longValue());
        } else {
            throw new TelemetryRejectedException(
                    WRONG_TYPE, "ts must be an ISO-8601 string or integral epoch millis, was " + describe(node));
        }
        Instant latest = clock.instant().plus(MAX_CLOCK_SKEW);
        if (timestamp.isBefore(EARLIEST_TIMESTAMP) || timestamp.isAfter(latest)) {
            throw new TelemetryRejectedException(
                    INVALID_TIMESTAMP,
                    "ts %s outside plausible range [%s, %s]".formatted(timestamp, EARLIEST_TIMESTAMP, latest));
        }
        return timestamp;
    }

    private static Instant parseIsoInstant(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notUtc) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e) {
                throw new TelemetryRejectedException(
                        INVALID_TIMESTAMP, "ts '%s' is not an ISO-8601 instant with offset".formatted(abbreviate(text)));
            }
        }
    }

    private static long sequence(JsonNode root) {
        JsonNode node = required(root, "seq");
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw new TelemetryRejectedException(WRONG_TYPE, "seq must be an integer, was " + describe(node));
        }
        if (node.longValue() < 0) {
            throw new TelemetryRejectedException(INVALID_VALUE, "seq must not be negative: " + node.longValue());
        }
        return node.longValue();
    }

    private static TelemetryMetrics metrics(JsonNode root) {
        JsonNode metrics = root.get("metrics");
        if (metrics == null || metrics.isNull()) {
            return TelemetryMetrics.NONE;
        }
        if (!metrics.isObject()) {
            throw new TelemetryRejectedException(WRONG_TYPE, "metrics must be an object, was " + metrics.getNodeType());
        }
        Map<String, Double> extra = new HashMap<>();
        for (Map.Entry<String, JsonNode> field : metrics.properties()) {
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (KNOWN_METRICS.contains(name) || value.isNull()) {
                continue;
            }
            if (value.isNumber()) {
                extra.put(name, value.doubleValue());
            } else if (value.isBoolean()) {
                extra.put(name, value.booleanValue() ? 1.0 : 0.0);
            } else {
                throw new TelemetryRejectedException(
                        WRONG_TYPE, "metric '%s' must be a number or boolean, was %s".formatted(abbreviate(name), describe(value)));
            }
        }
        Long inventoryCount = optionalCount(metrics, "inventoryCount");
        return new TelemetryMetrics(
                optionalBoolean(metrics, "powerOn"),
                optionalNumber(metrics, "operatingHours", "metric 'operatingHours'"),
                optionalNumber(metrics, "currentAmps", "metric 'currentAmps'"),
                optionalNumber(metrics, "energyKwh", "metric 'energyKwh'"),
                optionalNumber(metrics, "temperatureC", "metric 'temperatureC'"),
                inventoryCount,
                optionalBoolean(metrics, "tamper"),
                extra);
    }

    private static JsonNode required(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            throw new TelemetryRejectedException(MISSING_FIELD, field + " is required");
        }
        return node;
    }

    private static @Nullable Double optionalNumber(JsonNode parent, String field, String label) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isNumber()) {
            throw new TelemetryRejectedException(WRONG_TYPE, "%s must be a number, was %s".formatted(label, describe(node)));
        }
        return node.doubleValue();
    }

    private static @Nullable Boolean optionalBoolean(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isBoolean()) {
            throw new TelemetryRejectedException(
                    WRONG_TYPE, "metric '%s' must be a boolean, was %s".formatted(field, describe(node)));
        }
        return node.booleanValue();
    }

    private static @Nullable Long optionalCount(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw new TelemetryRejectedException(
                    WRONG_TYPE, "metric '%s' must be an integer, was %s".formatted(field, describe(node)));
        }
        if (node.longValue() < 0) {
            throw new TelemetryRejectedException(
                    INVALID_VALUE, "metric '%s' must not be negative: %d".formatted(field, node.longValue()));
        }
        return node.longValue();
    }

    private static String describe(JsonNode node) {
        return "%s %s".formatted(node.getNodeType(), abbreviate(node.toString()));
    }

    private static String abbreviate(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "…";
    }
}
