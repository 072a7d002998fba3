package io.bankofthings.lending.crosscheck;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** Registers the cross-check settings; the service and repositories are components. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CrossCheckSettings.class)
class CrossCheckConfiguration {}
