package io.bankofthings.lending.ingestion;

/** Why an incoming message was not accepted as a reading; recorded with the message in quarantine. */
public enum RejectionReason {
    /** The payload exceeds the size limit. */
    PAYLOAD_TOO_LARGE,
    /** The payload is not well-formed JSON, or not UTF-8. */
    MALFORMED_JSON,
    /** A required field is absent or null. */
    MISSING_FIELD,
    /** A field has the wrong JSON type. */
    WRONG_TYPE,
    /** A field has the right type but an impossible value. */
    INVALID_VALUE,
    /** The timestamp cannot be parsed or lies outside the plausible range. */
    INVALID_TIMESTAMP,
    /** The device id in the payload differs from the one the transport authenticated or addressed. */
    DEVICE_ID_MISMATCH,
    /** The message arrived on a topic or path the ingestion does not expect. */
    UNEXPECTED_SOURCE,
    /** The reading carries no signature. */
    UNSIGNED,
    /** No key is provisioned for the device, so its signature cannot be checked. */
    UNKNOWN_DEVICE,
    /** The signature does not match the reading under the device's key. */
    BAD_SIGNATURE,
    /** The device already sent a reading with this or a higher sequence number. */
    REPLAYED,
    /** The timestamp is older than the accepted age. */
    STALE_TIMESTAMP,
    /** The timestamp lies further ahead of the platform clock than the accepted skew. */
    FUTURE_TIMESTAMP;

    /** Returns whether the reason is about authenticity (signature, key, replay, clock) rather than the format. */
    public boolean isAuthenticity() {
        return switch (this) {
            case UNSIGNED, UNKNOWN_DEVICE, BAD_SIGNATURE, REPLAYED, STALE_TIMESTAMP, FUTURE_TIMESTAMP -> true;
            default -> false;
        };
    }
}
