package io.bankofthings.lending.embedded;

import io.bankofthings.lending.ingestion.MqttSettings;
import io.bankofthings.lending.ingestion.embedded.EmbeddedMqttBroker;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Runs an MQTT 5 broker (Artemis) in-process with its journal under {@code ${lending.data-dir}/mqtt}, listening on
 * the host and port of {@code lending.mqtt.url} without authentication; on by default, off with
 * {@code lending.embedded.mqtt.enabled=false} (production, mosquitto or EMQX).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "lending.embedded.mqtt.enabled", havingValue = "true", matchIfMissing = true)
public class EmbeddedMqttConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMqttConfiguration.class);

    /**
     * Starts the broker before the Camel routes connect and stops it when the context closes; quiets Artemis' audit
     * loggers unless {@code logging.level.org.apache.activemq.audit} is set, since they fail on Java 24 and later.
     */
    @Bean(destroyMethod = "close")
    EmbeddedMqttBroker embeddedMqttBroker(
            MqttSettings settings,
            @Value("${lending.data-dir:./data}") Path dataDir,
            Environment environment,
            LoggingSystem loggingSystem)
            throws IOException {
        if (!environment.containsProperty("logging.level." + EmbeddedMqttBroker.AUDIT_LOGGERS)) {
            loggingSystem.setLogLevel(EmbeddedMqttBroker.AUDIT_LOGGERS, LogLevel.WARN);
        }
        URI url = settings.url();
        int port = url.getPort() == -1 ? EmbeddedMqttBroker.DEFAULT_PORT : url.getPort();
        EmbeddedMqttBroker broker = EmbeddedMqttBroker.start(dataDir.resolve("mqtt"), url.getHost(), port);
        LOG.info(
                "Embedded MQTT 5 broker listening on {} (no authentication), journal under {}",
                broker.url(),
                broker.directory());
        return broker;
    }
}
