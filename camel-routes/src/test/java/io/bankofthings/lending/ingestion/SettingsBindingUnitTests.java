package io.bankofthings.lending.ingestion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bankofthings.lending.storage.StorageSettings;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Binds the settings records the way {@code @ConfigurationProperties} does, with and without configuration. */
class SettingsBindingUnitTests {

    private static Binder binder(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties));
    }

    @Test
    void usesTheEmbeddedDefaultsWithoutAnyConfiguration() {
        MqttSettings mqtt = binder(Map.of()).bindOrCreate("lending.mqtt", MqttSettings.class);
        StorageSettings storage = binder(Map.of()).bindOrCreate("lending.storage", StorageSettings.class);

        assertThat(mqtt.url()).isEqualTo(URI.create("tcp://127.0.0.1:1883"));
        assertThat(mqtt.topicFilter()).isEqualTo("devices/+/telemetry");
        assertThat(mqtt.qos()).isEqualTo(1);
        assertThat(mqtt.batchSize()).isEqualTo(500);
        assertThat(mqtt.batchTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(mqtt.sessionExpiry()).isEqualTo(Duration.ofDays(1));
        assertThat(mqtt.username()).isNull();
        assertThat(storage).isEqualTo(new StorageSettings(
                URI.create("http://127.0.0.1:9000"), "lending-dev", "lending-dev-secret", "telemetry", "us-east-1"));
    }

    @Test
    void bindsRelaxedNamesAndNeverPrintsSecrets() {
        Map<String, String> environment = Map.of(
                "lending.storage.secret-key", "prod-secret",
                "lending.storage.endpoint", "https://minio.example:9000",
                "lending.mqtt.password", "mqtt-secret",
                "lending.mqtt.batch-timeout", "750ms");

        StorageSettings storage = binder(environment).bindOrCreate("lending.storage", StorageSettings.class);
        MqttSettings mqtt = binder(environment).bindOrCreate("lending.mqtt", MqttSettings.class);

        assertThat(storage.secretKey()).isEqualTo("prod-secret");
        assertThat(storage.endpoint()).isEqualTo(URI.create("https://minio.example:9000"));
        assertThat(mqtt.batchTimeout()).isEqualTo(Duration.ofMillis(750));
        assertThat(storage.toString()).doesNotContain("prod-secret");
        assertThat(mqtt.toString()).doesNotContain("mqtt-secret");
    }

    @Test
    void rejectsATopicFilterWithoutDeviceLevel() {
        assertThatThrownBy(() -> binder(Map.of("lending.mqtt.topic-filter", "devices/#"))
                        .bindOrCreate("lending.mqtt", MqttSettings.class))
                .isInstanceOf(BindException.class)
                .rootCause()
                .hasMessageContaining("devices/#");
    }
}
