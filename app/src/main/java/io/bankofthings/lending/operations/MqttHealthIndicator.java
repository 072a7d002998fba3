package io.bankofthings.lending.operations;

import io.bankofthings.lending.ingestion.TelemetryMqttRoute;
import org.apache.camel.CamelContext;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Consumer;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * The ingestion consumer's MQTT connection: up while the route {@value TelemetryMqttRoute#ROUTE_ID} runs and its
 * client is connected to the broker, down when it is disconnected or the route has stopped. On a replica without the
 * ingestion role (routes not started) it reports up with {@code role=off}, so readiness does not wait for a broker
 * the replica never uses.
 */
class MqttHealthIndicator extends AbstractHealthIndicator {

    private final CamelContext camel;
    private final boolean ingestionRole;

    MqttHealthIndicator(CamelContext camel, boolean ingestionRole) {
        super("MQTT connection check failed");
        this.camel = camel;
        this.ingestionRole = ingestionRole;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        if (!ingestionRole) {
            builder.up().withDetail("role", "off");
            return;
        }
        var route = camel.getRoute(TelemetryMqttRoute.ROUTE_ID);
        String status = camel.getRouteController().getRouteStatus(TelemetryMqttRoute.ROUTE_ID) == null
                ? "missing" : camel.getRouteController().getRouteStatus(TelemetryMqttRoute.ROUTE_ID).name();
        builder.withDetail("route", TelemetryMqttRoute.ROUTE_ID).withDetail("routeStatus", status);
        if (route == null || !(route.getConsumer() instanceof PahoMqtt5Consumer consumer)) {
            builder.down();
            return;
        }
        var client = consumer.getClient();
        boolean connected = client != null && client.isConnected();
        if (client != null) {
            builder.withDetail("broker", client.getServerURI());
        }
        builder.status(connected && "Started".equals(status) ? org.springframework.boot.actuate.health.Status.UP
                : org.springframework.boot.actuate.health.Status.DOWN).withDetail("connected", connected);
    }
}
