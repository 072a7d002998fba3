package io.bankofthings.lending.ingestion;

import org.jspecify.annotations.Nullable;

/** Reads the device id out of an MQTT topic by the position of the {@code +} wildcard in the topic filter. */
final class MqttTopics {

    private MqttTopics() {}

    /**
     * Returns the topic level matched by the first {@code +} of {@code filter}, or null when {@code topic} does not
     * match the filter level by level.
     *
     * @param filter subscription filter such as {@code devices/+/telemetry}; without {@code #}
     * @param topic topic of a received message such as {@code devices/press-7/telemetry}
     */
    static @Nullable String deviceIdOf(String filter, String topic) {
        String[] filterLevels = filter.split("/", -1);
        String[] topicLevels = topic.split("/", -1);
        if (filterLevels.length != topicLevels.length) {
            return null;
        }
        String deviceId = null;
        for (int i = 0; i < filterLevels.length; i++) {
            if (filterLevels[i].equals("+")) {
                if (deviceId == null) {
                    deviceId = topicLevels[i];
                }
            } else if (!filterLevels[i].equals(topicLevels[i])) {
                return null;
            }
        }
        return deviceId;
    }
}
