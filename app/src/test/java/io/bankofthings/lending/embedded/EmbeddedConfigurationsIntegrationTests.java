package io.bankofthings.lending.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankofthings.lending.ingestion.MqttSettings;
import io.bankofthings.lending.ingestion.embedded.EmbeddedMqttBroker;
import io.bankofthings.lending.storage.ObjectStore;
import io.bankofthings.lending.storage.StorageSettings;
import io.bankofthings.lending.storage.embedded.EmbeddedS3Server;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Starts the embedded S3 server and MQTT broker through their configurations on free ports. */
class EmbeddedConfigurationsIntegrationTests {

    @TempDir
    Path dataDir;

    private ApplicationContextRunner runner() {
        URI s3 = URI.create("http://127.0.0.1:" + freePort());
        URI mqtt = URI.create("tcp://127.0.0.1:" + freePort());
        StorageSettings storage = new StorageSettings(s3, null, null, null, null);
        MqttSettings mqttSettings = new MqttSettings(
                mqtt,
                MqttSettings.DEFAULT_CLIENT_ID,
                MqttSettings.DEFAULT_TOPIC_FILTER,
                1,
                500,
                Duration.ofSeconds(2),
                Duration.ofDays(1),
                null,
                null);
        return new ApplicationContextRunner()
                .withUserConfiguration(EmbeddedS3Configuration.class, EmbeddedMqttConfiguration.class)
                .withBean(StorageSettings.class, () -> storage)
                .withBean(ObjectStore.class, () -> new ObjectStore(storage))
                .withBean(MqttSettings.class, () -> mqttSettings)
                .withBean(LoggingSystem.class, () -> LoggingSystem.get(getClass().getClassLoader()))
                .withPropertyValues("lending.data-dir=" + dataDir);
    }

    @Test
    void startsBothServersUnderTheDataDirAndCreatesTheBucketWhenReady() {
        runner().run(context -> {
            EmbeddedS3Server s3 = context.getBean(EmbeddedS3Server.class);
            EmbeddedMqttBroker broker = context.getBean(EmbeddedMqttBroker.class);
            assertThat(s3.directory()).isEqualTo(dataDir.resolve("s3").toAbsolutePath());
            assertThat(broker.directory()).isEqualTo(dataDir.resolve("mqtt").toAbsolutePath());

            context.publishEvent(new ApplicationReadyEvent(
                    new SpringApplication(), new String[0], context.getSourceApplicationContext(), Duration.ZERO));

            assertThat(dataDir.resolve("s3").resolve(StorageSettings.DEFAULT_BUCKET)).isDirectory();
            MqttClient client = new MqttClient(broker.url().toString(), "probe", new MemoryPersistence());
            client.connect();
            assertThat(client.isConnected()).isTrue();
            client.disconnect();
            client.close();
        });
    }

    @Test
    void startsNothingWhenDisabled() {
        runner().withPropertyValues("lending.embedded.s3.enabled=false", "lending.embedded.mqtt.enabled=false")
                .run(context -> assertThat(context)
                        .hasNotFailed()
                        .doesNotHaveBean(EmbeddedS3Server.class)
                        .doesNotHaveBean(EmbeddedMqttBroker.class));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("No free port", e);
        }
    }
}
