package io.bankofthings.lending.ingestion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bankofthings.lending.storage.TelemetryQueries;
import io.bankofthings.lending.storage.TelemetryReading;
import java.time.Duration;
import java.util.UUID;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** MQTT with authenticity on: signed readings are stored, unsigned, forged and replayed ones quarantined. */
class SignedMqttIngestionIntegrationTests extends IngestionIntegrationTestBase {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Autowired
    TelemetryQueries queries;

    private MqttClient device;

    @BeforeEach
    void connectDevice() throws Exception {
        device = new MqttClient(broker.url().toString(), "signed-device-" + UUID.randomUUID(), new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        device.connect(options);
    }

    @AfterEach
    void disconnectDevice() throws Exception {
        device.disconnect();
        device.close();
    }

    @Test
    void storesSignedReadingsAndQuarantinesUnsignedForgedAndReplayedOnes() throws Exception {
        String press = unique("press");
        byte[] key = keys.provision(press, "test");
        TelemetryReading first = reading(press, 1, recent(3));
        TelemetryReading second = reading(press, 2, recent(2));
        long unsignedBefore = metrics.quarantinedCount(RejectionReason.UNSIGNED);
        long forgedBefore = metrics.quarantinedCount(RejectionReason.BAD_SIGNATURE);
        long replayedBefore = metrics.quarantinedCount(RejectionReason.REPLAYED);
        long unknownBefore = metrics.quarantinedCount(RejectionReason.UNKNOWN_DEVICE);

        publish(press, TelemetryJson.toBytes(first, ReadingSignatures.sign(key, first)));
        publish(press, TelemetryJson.toBytes(second, ReadingSignatures.sign(key, second)));
        await().atMost(TIMEOUT).until(() -> queries.readings(press, recent(60), recent(-1)).size() == 2);

        TelemetryReading third = reading(press, 3, recent(1));
        publish(press, TelemetryJson.toBytes(third, null));
        publish(press, TelemetryJson.toBytes(third, ReadingSignatures.sign(new byte[32], third)));
        publish(press, TelemetryJson.toBytes(first, ReadingSignatures.sign(key, first)));
        String stranger = unique("stranger");
        TelemetryReading strangers = reading(stranger, 1, recent(1));
        publish(stranger, TelemetryJson.toBytes(strangers, ReadingSignatures.sign(key, strangers)));

        await().atMost(TIMEOUT).until(() -> metrics.quarantinedCount(RejectionReason.UNSIGNED) == unsignedBefore + 1
                && metrics.quarantinedCount(RejectionReason.BAD_SIGNATURE) == forgedBefore + 1
                && metrics.quarantinedCount(RejectionReason.REPLAYED) == replayedBefore + 1
                && metrics.quarantinedCount(RejectionReason.UNKNOWN_DEVICE) == unknownBefore + 1);
        assertThat(queries.readings(press, recent(60), recent(-1))).containsExactly(first, second);
        assertThat(queries.readings(stranger, recent(60), recent(-1))).isEmpty();
    }

    private void publish(String deviceId, byte[] payload) throws Exception {
        device.publish("devices/" + deviceId + "/telemetry", payload, 1, false);
    }
}
