package io.bankofthings.lending.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MqttTopicsUnitTests {

    @Test
    void takesTheDeviceIdFromTheWildcardLevel() {
        assertThat(MqttTopics.deviceIdOf("devices/+/telemetry", "devices/press-7/telemetry")).isEqualTo("press-7");
        assertThat(MqttTopics.deviceIdOf("tenant/+/devices/+/telemetry", "tenant/acme/devices/press-7/telemetry"))
                .isEqualTo("acme");
    }

    @Test
    void returnsNullForTopicsOutsideTheFilter() {
        assertThat(MqttTopics.deviceIdOf("devices/+/telemetry", "devices/press-7/status")).isNull();
        assertThat(MqttTopics.deviceIdOf("devices/+/telemetry", "devices/press-7/telemetry/extra")).isNull();
        assertThat(MqttTopics.deviceIdOf("devices/+/telemetry", "other/press-7/telemetry")).isNull();
    }
}
