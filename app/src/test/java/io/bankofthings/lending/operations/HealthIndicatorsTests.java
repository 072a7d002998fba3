package io.bankofthings.lending.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankofthings.lending.storage.ObjectStore;
import io.bankofthings.lending.storage.StorageSettings;
import io.camunda.client.CamundaClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Status;

/**
 * The health indicators against components that are not there (a closed port, a Camel context without the route):
 * each reports DOWN instead of hanging or throwing; the UP side runs against the real components in
 * {@code OperationsIntegrationTests}.
 */
class HealthIndicatorsTests {

    static int closedPort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void zeebeIsDownWhenTheGatewayDoesNotAnswer() throws IOException {
        try (CamundaClient client = CamundaClient.newClientBuilder()
                .grpcAddress(URI.create("http://127.0.0.1:" + closedPort()))
                .restAddress(URI.create("http://127.0.0.1:" + closedPort()))
                .preferRestOverGrpc(false)
                .build()) {
            long start = System.nanoTime();
            var health = new ZeebeGatewayHealthIndicator(client).health();

            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails()).containsKey("error");
            assertThat((System.nanoTime() - start) / 1_000_000).as("ms").isLessThan(10_000);
        }
    }

    @Test
    void objectStoreIsDownWhenTheServerIsUnreachable() throws IOException {
        var store = new ObjectStore(new StorageSettings(URI.create("http://127.0.0.1:" + closedPort()), null, null, null, null));

        var health = new ObjectStoreHealthIndicator(store).health();

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(String.valueOf(health.getDetails().get("error"))).contains("Could not check bucket telemetry");
    }

    @Test
    void mqttIsDownWithoutTheIngestionRouteAndUpWhenTheRoleIsOff() throws IOException {
        try (var camel = new DefaultCamelContext()) {
            camel.start();

            var withRole = new MqttHealthIndicator(camel, true).health();
            assertThat(withRole.getStatus()).isEqualTo(Status.DOWN);
            assertThat(withRole.getDetails()).containsEntry("routeStatus", "missing");

            var withoutRole = new MqttHealthIndicator(camel, false).health();
            assertThat(withoutRole.getStatus()).isEqualTo(Status.UP);
            assertThat(withoutRole.getDetails()).containsEntry("role", "off");
        }
    }
}
