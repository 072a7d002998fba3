package io.bankofthings.lending.ingestion;

/**
 * Tells the transport that one received message is durable (stored or quarantined), so the sender need not deliver
 * it again: for MQTT, the PUBACK of a QoS 1 message. Idempotent: a second call does nothing.
 */
@FunctionalInterface
public interface TransportAcknowledgement {

    /** Acknowledges the message; failures are logged by the transport, and the message is then delivered again. */
    void acknowledge();
}
