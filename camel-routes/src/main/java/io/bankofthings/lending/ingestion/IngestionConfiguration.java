package io.bankofthings.lending.ingestion;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** Registers the ingestion settings; parsers, handlers and routes are components. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({MqttSettings.class, IngestionSettings.class})
class IngestionConfiguration {}
