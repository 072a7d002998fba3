package io.bankofthings.lending.ingestion.embedded;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.logs.AuditLogger;
import org.apache.activemq.artemis.utils.critical.CriticalAnalyzerPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An MQTT 5 broker (Apache Artemis) running in-process with a persistent journal, so QoS 1 messages and durable
 * sessions survive a restart; security is off, so it listens on loopback by default.
 *
 * <p>Meant for the embedded runtime and tests; needs {@code artemis-server} and {@code artemis-mqtt-protocol} on the
 * classpath. On Java 24 and later, Artemis' audit logging calls {@code Subject.getSubject}, which the JDK no longer
 * supports: keep the loggers under {@link #AUDIT_LOGGERS} above INFO (or run with
 * {@code -Djava.security.manager=allow}).
 */
public final class EmbeddedMqttBroker implements AutoCloseable {

    /** Default listening host: loopback only. */
    public static final String DEFAULT_HOST = "127.0.0.1";

    /** Default MQTT port. */
    public static final int DEFAULT_PORT = 1883;

    /** Parent of Artemis' audit loggers; must not log at INFO on Java 24 and later. */
    public static final String AUDIT_LOGGERS = "org.apache.activemq.audit";

    /** Messages are redelivered until acknowledged, never moved aside after repeated failures. */
    private static final int UNLIMITED_DELIVERY_ATTEMPTS = -1;

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMqttBroker.class);

    private final EmbeddedActiveMQ server;
    private final Path directory;
    private final URI url;

    private EmbeddedMqttBroker(EmbeddedActiveMQ server, Path directory, URI url) {
        this.server = server;
        this.directory = directory;
        this.url = url;
    }

    /**
     * Starts a broker keeping its journal under {@code directory} and returns once it accepts connections.
     *
     * @param directory folder for journal, bindings, paging and large messages; created when missing
     * @param host address to listen on, e.g. {@code 127.0.0.1}
     * @param port TCP port for MQTT, 1 to 65535
     * @throws IOException when the folder cannot be created
     * @throws IllegalArgumentException when the port is out of range
     * @throws IllegalStateException naming host and port when the broker does not start, or when audit logging is
     *     enabled on a JDK that cannot run it
     */
    public static EmbeddedMqttBroker start(Path directory, String host, int port) throws IOException {
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("MQTT port out of range 1..65535: " + port);
        }
        if (AuditLogger.isAnyLoggingEnabled() && !jdkSupportsSubjectLookup()) {
            throw new IllegalStateException(("Artemis audit logging is on, but Java %d does not support"
                            + " Subject.getSubject: set the log level of %s to WARN or run with"
                            + " -Djava.security.manager=allow")
                    .formatted(Runtime.version().feature(), AUDIT_LOGGERS));
        }
        Path root = Files.createDirectories(directory).toAbsolutePath();
        URI url = URI.create("tcp://%s:%d".formatted(host, port));
        EmbeddedActiveMQ server = new EmbeddedActiveMQ();
        try {
            server.setConfiguration(configuration(root, host, port));
            server.start();
        } catch (Exception e) {
            stopQuietly(server);
            throw new IllegalStateException("Could not start embedded MQTT broker on %s:%d".formatted(host, port), e);
        }
        return new EmbeddedMqttBroker(server, root, url);
    }

    private static Configuration configuration(Path root, String host, int port) throws Exception {
        return new ConfigurationImpl()
                .setName("lending-mqtt")
                .setPersistenceEnabled(true)
                .setJournalType(JournalType.NIO)
                .setJournalDirectory(root.resolve("journal").toString())
                .setBindingsDirectory(root.resolve("bindings").toString())
                .setPagingDirectory(root.resolve("paging").toString())
                .setLargeMessagesDirectory(root.resolve("large-messages").toString())
                .setNodeManagerLockDirectory(root.toString())
                .setSecurityEnabled(false)
                .setJMXManagementEnabled(false)
                .setCriticalAnalyzerPolicy(CriticalAnalyzerPolicy.LOG)
                .addAddressSetting("#", new AddressSettings()
                        .setMaxDeliveryAttempts(UNLIMITED_DELIVERY_ATTEMPTS)
                        .setDeadLetterAddress(SimpleString.of("DLA"))
                        .setExpiryAddress(SimpleString.of("ExpiryQueue"))
                        .setAutoCreateDeadLetterResources(true)
                        .setAutoCreateExpiryResources(true))
                .addAcceptorConfiguration("mqtt", "tcp://%s:%d?protocols=MQTT".formatted(host, port));
    }

    private static boolean jdkSupportsSubjectLookup() {
        return Runtime.version().feature() < 24 || "allow".equals(System.getProperty("java.security.manager"));
    }

    /** Returns the URL MQTT clients connect to, {@code tcp://host:port}. */
    public URI url() {
        return url;
    }

    /** Returns the absolute folder holding the broker's journal. */
    public Path directory() {
        return directory;
    }

    /** Stops the broker; queued messages stay in the journal. */
    @Override
    public void close() {
        stopQuietly(server);
    }

    private static void stopQuietly(EmbeddedActiveMQ server) {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("Embedded MQTT broker did not stop cleanly", e);
        }
    }
}
