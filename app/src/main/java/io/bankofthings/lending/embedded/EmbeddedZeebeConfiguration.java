package io.bankofthings.lending.embedded;

import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.engine.EngineFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The in-process Zeebe engine (zeebe-process-test-engine) serving gRPC, for running without a broker. It keeps no
 * state across restarts: open loans, grants and alerts get new instances from their stored state ({@code
 * ProcessResumer}). Production sets {@code lending.embedded.zeebe.enabled=false} and points
 * {@code camunda.client.grpc-address} at a Camunda 8 cluster.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "lending.embedded.zeebe.enabled", havingValue = "true", matchIfMissing = true)
class EmbeddedZeebeConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedZeebeConfiguration.class);

    @Bean(destroyMethod = "stop")
    ZeebeTestEngine embeddedZeebeEngine(@Value("${lending.embedded.zeebe.port:26500}") int port) {
        var engine = EngineFactory.create(port);
        engine.start();
        LOG.warn("Embedded Zeebe engine serves gRPC on {}. It is IN MEMORY: every process instance is lost when the "
                + "application stops (open loans, grants and alerts are resumed from their stored state at the next "
                + "start); use a standalone broker or a Camunda 8 cluster to keep them. Its gateway "
                + "has no authentication and listens on every interface: run it only on a trusted machine.",
                engine.getGatewayAddress());
        return engine;
    }
}
