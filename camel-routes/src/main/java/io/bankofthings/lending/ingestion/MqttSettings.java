package io.bankofthings.lending.ingestion;

import java.net.URI;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * MQTT ingestion settings, bound from {@code lending.mqtt.*}; credentials come from the environment
 * ({@code LENDING_MQTT_USERNAME}, {@code LENDING_MQTT_PASSWORD}).
 *
 * @param url broker URL, {@code tcp://host:port} or {@code ssl://host:port}
 * @param clientId MQTT client id of the ingestion consumer; unique per broker and stable across restarts, so the
 *     broker keeps the session and its unacknowledged messages
 * @param topicFilter subscription filter; the level matched by the first {@code +} is the device id
 * @param qos subscription quality of service, 0 to 2
 * @param batchSize readings per Parquet batch at most
 * @param batchTimeout longest time a reading waits for its batch to fill
 * @param sessionExpiry how long the broker keeps the consumer's session and queued messages while it is offline
 * @param username user name for the broker, or null without authentication
 * @param password password for the broker, or null; never logged
 */
@ConfigurationProperties("lending.mqtt")
public record MqttSettings(
        @DefaultValue(DEFAULT_URL) URI url,
        @DefaultValue(DEFAULT_CLIENT_ID) String clientId,
        @DefaultValue(DEFAULT_TOPIC_FILTER) String topicFilter,
        @DefaultValue("1") int qos,
        @DefaultValue("500") int batchSize,
        @DefaultValue("2s") Duration batchTimeout,
        @DefaultValue("1d") Duration sessionExpiry,
        @Nullable String username,
        @Nullable String password) {

    /** Broker URL of the embedded broker. */
    public static final String DEFAULT_URL = "tcp://127.0.0.1:1883";

    /** Client id of the ingestion consumer. */
    public static final String DEFAULT_CLIENT_ID = "lending-telemetry-ingest";

    /** Topic filter for device telemetry. */
    public static final String DEFAULT_TOPIC_FILTER = "devices/+/telemetry";

    /** Checks the ranges and turns blank credentials into null. */
    public MqttSettings {
        if (qos < 0 || qos > 2) {
            throw new IllegalArgumentException("lending.mqtt.qos must be 0, 1 or 2: " + qos);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("lending.mqtt.batch-size must be positive: " + batchSize);
        }
        if (batchTimeout.isNegative() || batchTimeout.isZero()) {
            throw new IllegalArgumentException("lending.mqtt.batch-timeout must be positive: " + batchTimeout);
        }
        if (topicFilter.contains("#") || !topicFilter.contains("+")) {
            throw new IllegalArgumentException(
                    "lending.mqtt.topic-filter needs a '+' level for the device id and no '#': " + topicFilter);
        }
        username = username == null || username.isBlank() ? null : username;
        password = password == null || password.isEmpty() ? null : password;
    }

    @Override
    public String toString() {
        return "MqttSettings[url=%s, clientId=%s, topicFilter=%s, qos=%d, batchSize=%d, batchTimeout=%s, username=%s]"
                .formatted(url, clientId, topicFilter, qos, batchSize, batchTimeout, username);
    }
}
