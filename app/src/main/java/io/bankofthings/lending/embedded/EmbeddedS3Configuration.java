package io.bankofthings.lending.embedded;

import io.bankofthings.lending.storage.ObjectStore;
import io.bankofthings.lending.storage.StorageSettings;
import io.bankofthings.lending.storage.embedded.EmbeddedS3Server;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Runs an S3-compatible server in-process on {@code ${lending.data-dir}/s3}, listening on the host and port of
 * {@code lending.storage.endpoint} with the configured key pair; on by default, off with
 * {@code lending.embedded.s3.enabled=false} (production, MinIO).
 *
 * <p>The telemetry bucket is created once the application is ready; {@link ObjectStore} also creates it on first use,
 * which can only happen after this server has started, because Camel routes start after all singletons.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "lending.embedded.s3.enabled", havingValue = "true", matchIfMissing = true)
public class EmbeddedS3Configuration {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedS3Configuration.class);

    /** Starts the server before any bean can reach it and stops it when the context closes. */
    @Bean(destroyMethod = "close")
    EmbeddedS3Server embeddedS3Server(StorageSettings settings, @Value("${lending.data-dir:./data}") Path dataDir)
            throws IOException {
        URI endpoint = settings.endpoint();
        int port = endpoint.getPort() == -1 ? EmbeddedS3Server.DEFAULT_PORT : endpoint.getPort();
        EmbeddedS3Server server = EmbeddedS3Server.start(
                dataDir.resolve("s3"), endpoint.getHost(), port, settings.accessKey(), settings.secretKey());
        LOG.info(
                "Embedded S3 server listening on {} (SigV4, access key {}), objects stored under {}",
                server.endpoint(),
                settings.accessKey(),
                server.directory());
        return server;
    }

    /** Creates the telemetry bucket on the embedded server once the application is ready. */
    @Bean
    ApplicationListener<ApplicationReadyEvent> embeddedS3BucketCreation(EmbeddedS3Server server, ObjectStore store) {
        return event -> {
            store.ensureBucket();
            LOG.info("Bucket {} ready on embedded S3 server {}", store.bucket(), server.endpoint());
        };
    }
}
