package io.bankofthings.lending.ingestion;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Registers the ingestion settings and the MQTT component; parsers, handlers and routes are components. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({MqttSettings.class, IngestionSettings.class})
class IngestionConfiguration {

    /** The MQTT 5 component the telemetry route consumes with, registered under its URI scheme. */
    @Bean(DurableSessionMqttComponent.SCHEME)
    DurableSessionMqttComponent durableSessionMqttComponent() {
        return new DurableSessionMqttComponent();
    }
}
