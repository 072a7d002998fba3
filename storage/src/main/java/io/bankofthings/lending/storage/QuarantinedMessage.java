package io.bankofthings.lending.storage;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * Input that was rejected, as kept in quarantine.
 *
 * @param reason why the input was rejected, e.g. {@code DEVICE_ID_MISMATCH: topic device d-1, payload device d-2}
 * @param source where the input came from, e.g. the MQTT topic or webhook path
 * @param receivedAt when the platform received the input
 * @param payload the raw input bytes, unchanged
 */
public record QuarantinedMessage(String reason, String source, Instant receivedAt, byte[] payload) {

    /** Checks that no value is null and copies the payload. */
    public QuarantinedMessage {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(receivedAt, "receivedAt");
        payload = payload.clone();
    }

    /** Returns a copy of the raw input bytes. */
    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof QuarantinedMessage that
                && reason.equals(that.reason)
                && source.equals(that.source)
                && receivedAt.equals(that.receivedAt)
                && Arrays.equals(payload, that.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(reason, source, receivedAt, Arrays.hashCode(payload));
    }

    /** Describes the message without its payload, which may hold personal or secret data. */
    @Override
    public String toString() {
        return "QuarantinedMessage[reason=%s, source=%s, receivedAt=%s, payload=%d bytes]"
                .formatted(reason, source, receivedAt, payload.length);
    }
}
