package io.bankofthings.lending.ingestion;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A real PostgreSQL 17 (zonky embedded binaries) on a free port, started once per test JVM and shared by every
 * application context of the tests; Flyway of each context applies the schema once.
 */
final class TestPostgres {

    private static EmbeddedPostgres postgres;

    private TestPostgres() {}

    /** Returns the JDBC URL of the shared server, starting it on first use. */
    static synchronized String jdbcUrl() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("Embedded PostgreSQL did not start", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException ignored) {
                    // the JVM is ending; the temporary data folder goes with it
                }
            }));
        }
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    /** Points {@code spring.datasource.*} at the shared server. */
    static void register(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", TestPostgres::jdbcUrl);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "");
    }
}
