package io.bankofthings.lending;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.test.context.DynamicPropertyRegistry;

/** Free loopback ports and a fresh data folder, so a test run never collides with a running platform. */
final class EmbeddedDefaultsSupport {

    private EmbeddedDefaultsSupport() {}

    static int freePort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void register(DynamicPropertyRegistry registry) {
        Path dataDir;
        try {
            dataDir = Files.createTempDirectory("lending-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int zeebePort = freePort();
        int s3Port = freePort();
        int mqttPort = freePort();
        registry.add("lending.data-dir", dataDir::toString);
        registry.add("lending.embedded.zeebe.port", () -> zeebePort);
        registry.add("camunda.client.grpc-address", () -> "http://127.0.0.1:" + zeebePort);
        registry.add("lending.embedded.postgres.port", EmbeddedDefaultsSupport::freePort);
        registry.add("lending.embedded.s3.port", () -> s3Port);
        registry.add("lending.storage.endpoint", () -> "http://127.0.0.1:" + s3Port);
        registry.add("lending.embedded.mqtt.port", () -> mqttPort);
        registry.add("lending.mqtt.url", () -> "tcp://127.0.0.1:" + mqttPort);
        registry.add("lending.loans.start-retry-interval", () -> "PT1S");
    }
}
