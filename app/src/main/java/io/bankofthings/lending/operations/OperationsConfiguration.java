package io.bankofthings.lending.operations;

import io.bankofthings.lending.storage.ObjectStore;
import io.camunda.client.CamundaClient;
import org.apache.camel.CamelContext;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.core.Ordered;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The role switches and health indicators. Roles ({@code lending.roles.*}, all on by default): {@code web} serves
 * pages and the API (off: {@link WebRoleFilter}), {@code workers} runs the Zeebe job workers (mapped to
 * {@code camunda.client.worker.defaults.enabled} in {@code application.yml}), {@code ingestion} starts the Camel
 * routes (mapped to {@code camel.main.auto-startup}).
 *
 * <p>Health indicators named {@code zeebe}, {@code objectStore} and {@code mqtt} (PostgreSQL is Boot's {@code db}); the
 * readiness group in {@code application.yml} includes them all, liveness only the application's own state.
 */
@Configuration(proxyBeanMethods = false)
class OperationsConfiguration {

    @Bean
    ZeebeGatewayHealthIndicator zeebeHealthIndicator(CamundaClient client) {
        return new ZeebeGatewayHealthIndicator(client);
    }

    @Bean
    ObjectStoreHealthIndicator objectStoreHealthIndicator(ObjectStore store) {
        return new ObjectStoreHealthIndicator(store);
    }

    @Bean
    MqttHealthIndicator mqttHealthIndicator(CamelContext camel, @Value("${lending.roles.ingestion:true}") boolean ingestion) {
        return new MqttHealthIndicator(camel, ingestion);
    }

    /** Closes pages and the API on a replica without the web role; actuator endpoints stay open for probes. */
    @Bean
    @ConditionalOnProperty(name = "lending.roles.web", havingValue = "false")
    FilterRegistrationBean<WebRoleFilter> webRoleFilter() {
        var registration = new FilterRegistrationBean<>(new WebRoleFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        registration.addUrlPatterns("/*");
        return registration;
    }
}
