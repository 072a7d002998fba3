package io.bankofthings.lending.ingestion;

import io.bankofthings.lending.storage.TelemetryReading;
import org.apache.camel.Body;
import org.apache.camel.Header;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Constants;
import org.springframework.stereotype.Component;

/** Maps MQTT telemetry messages to readings; called by the MQTT route. */
@Component
public class MqttTelemetryHandler {

    private final TelemetryJsonParser parser;
    private final String topicFilter;

    /** Parses with {@code parser} and takes device ids from topics matching the configured filter. */
    public MqttTelemetryHandler(TelemetryJsonParser parser, MqttSettings settings) {
        this.parser = parser;
        this.topicFilter = settings.topicFilter();
    }

    /**
     * Returns the reading in {@code payload}, sent by the device named in {@code topic}.
     *
     * @throws TelemetryRejectedException when the topic does not match the filter or the payload is invalid
     */
    public TelemetryReading toReading(@Body byte[] payload, @Header(PahoMqtt5Constants.MQTT_TOPIC) String topic) {
        String deviceId = MqttTopics.deviceIdOf(topicFilter, topic);
        if (deviceId == null) {
            throw new TelemetryRejectedException(
                    RejectionReason.UNEXPECTED_SOURCE, "topic does not match %s".formatted(topicFilter));
        }
        return parser.parse(payload, deviceId);
    }
}
