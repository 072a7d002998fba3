package io.bankofthings.lending.ingestion;

import io.bankofthings.lending.storage.QuarantineStore;
import io.bankofthings.lending.storage.QuarantinedMessage;
import io.bankofthings.lending.storage.TelemetryReading;
import java.time.Instant;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Constants;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Maps MQTT telemetry messages to readings and rejected messages to quarantine; called by the MQTT route. */
@Component
public class MqttTelemetryHandler {

    private static final Logger LOG = LoggerFactory.getLogger(MqttTelemetryHandler.class);

    private final TelemetryJsonParser parser;
    private final QuarantineStore quarantine;
    private final IngestionMetrics metrics;
    private final String topicFilter;

    /** Parses with {@code parser} and takes device ids from topics matching the configured filter. */
    public MqttTelemetryHandler(
            TelemetryJsonParser parser, QuarantineStore quarantine, IngestionMetrics metrics, MqttSettings settings) {
        this.parser = parser;
        this.quarantine = quarantine;
        this.metrics = metrics;
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

    /**
     * Keeps a rejected message in quarantine with its reason and counts it; the payload is not logged.
     *
     * @return the quarantine object key
     */
    public String quarantine(
            @Body byte[] payload,
            @Header(PahoMqtt5Constants.MQTT_TOPIC) String topic,
            @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) TelemetryRejectedException rejection,
            Exchange exchange) {
        Instant receivedAt = Instant.ofEpochMilli(exchange.getClock().getCreated());
        String key = quarantine.quarantine(new QuarantinedMessage(rejection.getMessage(), topic, receivedAt, payload));
        metrics.messageQuarantined(rejection.reason());
        LOG.warn("Rejected telemetry from device {}: {}, kept as {}", loggableDeviceId(topic), rejection.reason(), key);
        return key;
    }

    private String loggableDeviceId(String topic) {
        @Nullable String deviceId = MqttTopics.deviceIdOf(topicFilter, topic);
        return deviceId != null && TelemetryJsonParser.DEVICE_ID.matcher(deviceId).matches() ? deviceId : "(invalid)";
    }
}
