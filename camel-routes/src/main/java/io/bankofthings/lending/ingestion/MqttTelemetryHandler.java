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
    private final ReadingAuthenticity authenticity;
    private final String topicFilter;

    /**
     * Parses with {@code parser}, proves readings authentic with {@code authenticity} and takes device ids from
     * topics matching the configured filter.
     */
    public MqttTelemetryHandler(TelemetryJsonParser parser, ReadingAuthenticity authenticity, MqttSettings settings) {
        this.parser = parser;
        this.authenticity = authenticity;
        this.topicFilter = settings.topicFilter();
    }

    /**
     * Returns the reading in {@code payload}, sent by the device named in {@code topic}.
     *
     * @throws TelemetryRejectedException when the topic does not match the filter, the payload is invalid or the
     *     reading is not authentic (unsigned, wrongly signed, stale, ahead of the clock, replayed)
     */
    public TelemetryReading toReading(@Body byte[] payload, @Header(PahoMqtt5Constants.MQTT_TOPIC) String topic) {
        String deviceId = MqttTopics.deviceIdOf(topicFilter, topic);
        if (deviceId == null) {
            throw new TelemetryRejectedException(
                    RejectionReason.UNEXPECTED_SOURCE, "topic does not match %s".formatted(topicFilter));
        }
        return authenticity.verify(parser.parseSigned(payload, deviceId));
    }
}
