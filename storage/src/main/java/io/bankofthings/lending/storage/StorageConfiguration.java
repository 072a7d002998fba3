package io.bankofthings.lending.storage;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/**
 * Registers the storage, compaction and retention settings; the store, writer, reader, quarantine, compaction and
 * retention are components (scheduled by the ingestion role in {@code camel-routes}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({StorageSettings.class, CompactionSettings.class, RetentionSettings.class, ReadSettings.class})
class StorageConfiguration {}
