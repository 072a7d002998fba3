package io.bankofthings.lending.operations;

import io.camunda.client.CamundaClient;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * Up when the Zeebe gateway answers a topology request within {@link #TIMEOUT}, with its version, cluster size and
 * partition count; the platform talks to any Camunda 8 gateway over gRPC this way.
 */
class ZeebeGatewayHealthIndicator extends AbstractHealthIndicator {

    static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final CamundaClient client;

    ZeebeGatewayHealthIndicator(CamundaClient client) {
        super("Zeebe gateway unreachable");
        this.client = client;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        var topology = client.newTopologyRequest().requestTimeout(TIMEOUT).send()
                .get(TIMEOUT.toMillis() + 500, TimeUnit.MILLISECONDS);
        builder.up()
                .withDetail("gatewayVersion", topology.getGatewayVersion())
                .withDetail("brokers", topology.getBrokers().size())
                .withDetail("clusterSize", topology.getClusterSize())
                .withDetail("partitions", topology.getPartitionsCount());
    }
}
