package io.bankofthings.lending.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Keeps rejected input under {@code quarantine/date=YYYY-MM-DD/reason=<CODE>/<HHmmssSSS>-<uuid>.json} as a JSON
 * envelope with reason, source, receipt time and the raw payload (as text when it is UTF-8, otherwise base64).
 *
 * <p>The reason code and the receipt time are in the key, so counts by reason and the newest entries come from a
 * listing without reading envelopes.
 *
 * <p>The payload goes only to the object store, never to the log.
 */
@Component
public class QuarantineStore {

    /** Key prefix of all quarantined messages. */
    public static final String QUARANTINE_PREFIX = "quarantine/";

    private static final Logger LOG = LoggerFactory.getLogger(QuarantineStore.class);
    private static final String CONTENT_TYPE = "application/json";
    private static final String UTF_8 = "utf-8";
    private static final String BASE64 = "base64";
    private static final String REASON_LEVEL = "reason=";
    private static final String UNKNOWN_REASON = "UNKNOWN";
    private static final Pattern REASON_CODE = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");
    private static final DateTimeFormatter TIME_OF_DAY = DateTimeFormatter.ofPattern("HHmmssSSS");

    private final ObjectStore store;
    private final ObjectMapper json = new ObjectMapper();

    /** Writes through {@code store}. */
    public QuarantineStore(ObjectStore store) {
        this.store = store;
    }

    /**
     * Stores {@code message} as a new envelope in the partition of its receipt date (UTC).
     *
     * @return the key of the envelope
     * @throws ObjectStoreException naming the key when the upload fails
     */
    public String quarantine(QuarantinedMessage message) {
        LocalDate date = LocalDate.ofInstant(message.receivedAt(), ZoneOffset.UTC);
        String key = "%sdate=%s/reason=%s/%s-%s.json".formatted(QUARANTINE_PREFIX, date, reasonCode(message.reason()),
                TIME_OF_DAY.format(message.receivedAt().atZone(ZoneOffset.UTC)), UUID.randomUUID());
        byte[] payload = message.payload();
        ObjectNode envelope = json.createObjectNode()
                .put("reason", message.reason())
                .put("source", message.source())
                .put("receivedAt", message.receivedAt().toString());
        String text = utf8OrNull(payload);
        if (text != null) {
            envelope.put("payloadEncoding", UTF_8).put("payload", text);
        } else {
            envelope.put("payloadEncoding", BASE64).put("payload", Base64.getEncoder().encodeToString(payload));
        }
        try {
            store.put(key, json.writeValueAsBytes(envelope), CONTENT_TYPE);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not serialize quarantine envelope " + key, e);
        }
        LOG.info("Quarantined {} bytes as {}", payload.length, key);
        return key;
    }

    /**
     * Returns the quarantined message stored under {@code key}.
     *
     * @throws ObjectStoreException naming the key when the object cannot be fetched
     * @throws UncheckedIOException naming the key when the object is not a quarantine envelope
     */
    public QuarantinedMessage read(String key) {
        try {
            JsonNode envelope = json.readTree(store.get(key));
            String payload = envelope.required("payload").asText();
            String encoding = envelope.required("payloadEncoding").asText();
            byte[] bytes = switch (encoding) {
                case UTF_8 -> payload.getBytes(StandardCharsets.UTF_8);
                case BASE64 -> Base64.getDecoder().decode(payload);
                default -> throw new IOException("Unknown payload encoding '%s'".formatted(encoding));
            };
            return new QuarantinedMessage(
                    envelope.required("reason").asText(),
                    envelope.required("source").asText(),
                    Instant.parse(envelope.required("receivedAt").asText()),
                    bytes);
        } catch (IOException | IllegalArgumentException e) {
            throw new UncheckedIOException(new IOException("Not a quarantine envelope: " + key, e));
        }
    }

    /**
     * Returns the keys of the messages quarantined on {@code date} (UTC), newest first, at most {@code limit}.
     *
     * @throws ObjectStoreException when listing fails
     */
    public List<String> newest(LocalDate date, int limit) {
        List<String> keys = new ArrayList<>(store.list(datePrefix(date)));
        keys.sort(Comparator.comparing((String key) -> key.substring(key.lastIndexOf('/') + 1)).reversed());
        return keys.subList(0, Math.min(limit, keys.size()));
    }

    /**
     * Returns how many messages were quarantined on {@code date} (UTC) per reason code, from the listing alone.
     *
     * @throws ObjectStoreException when listing fails
     */
    public Map<String, Long> countsByReason(LocalDate date) {
        Map<String, Long> counts = new TreeMap<>();
        String prefix = datePrefix(date);
        for (String key : store.list(prefix)) {
            String rest = key.substring(prefix.length());
            String code = rest.startsWith(REASON_LEVEL) && rest.indexOf('/') > 0
                    ? rest.substring(REASON_LEVEL.length(), rest.indexOf('/'))
                    : UNKNOWN_REASON;
            counts.merge(code, 1L, Long::sum);
        }
        return counts;
    }

    /** Returns the code of a reason such as {@code BAD_SIGNATURE: detail}, or {@code UNKNOWN}. */
    public static String reasonCode(String reason) {
        int colon = reason.indexOf(':');
        String code = colon < 0 ? reason : reason.substring(0, colon);
        return REASON_CODE.matcher(code).matches() ? code : UNKNOWN_REASON;
    }

    private static String datePrefix(LocalDate date) {
        return "%sdate=%s/".formatted(QUARANTINE_PREFIX, date);
    }

    private static @Nullable String utf8OrNull(byte[] payload) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(payload))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
