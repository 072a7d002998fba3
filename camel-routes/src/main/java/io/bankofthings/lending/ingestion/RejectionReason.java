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
    UNEXPECTED_SOURCE
}
