package io.bankofthings.lending.monitoring;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * An alert a rule found, before it is stored.
 *
 * @param window what makes this occurrence distinct, e.g. the reading time of the first position outside or the
 *     silence start; the alert id derives from it, so the same observation always yields the same id
 * @param evidence small facts behind the alert (distances, counts, ratios), no payloads
 */
public record AlertCandidate(
        AlertType type, Severity severity, String loanId, String collateralId, String deviceId, Instant observedAt,
        String window, Map<String, Object> evidence) {

    public AlertCandidate {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(severity, "severity");
        evidence = Map.copyOf(evidence);
    }

    /**
     * The deterministic alert id: {@code A-} and a name-based UUID of {@link #dedupKey()}, so the same observation
     * always gives the same id, short enough for a business key.
     */
    public String alertId() {
        return "A-" + UUID.nameUUIDFromBytes(dedupKey().getBytes(StandardCharsets.UTF_8));
    }

    /** What the alert id derives from: {@code loanId|type|severity|collateralId|window}. */
    public String dedupKey() {
        return String.join("|", loanId, type.name(), severity.name(), collateralId, window);
    }
}
