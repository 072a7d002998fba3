package io.bankofthings.lending.monitoring;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** Registers the monitoring settings; services and workers are components. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MonitoringSettings.class)
class MonitoringConfiguration {}
