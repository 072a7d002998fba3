package io.bankofthings.lending;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.CamundaClient;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;

/** What an application restart leaves behind for the resume tests, and waiting for what the process does next. */
final class LostInstances {

    /** How long the engine and the workers get on a loaded machine. */
    static final Duration WAIT = Duration.ofSeconds(90);

    private LostInstances() {}

    /** The embedded defaults of {@link EmbeddedDefaultsSupport}, with only the test sweeping for lost instances. */
    static void registerWithoutSweep(DynamicPropertyRegistry registry) {
        EmbeddedDefaultsSupport.register(registry);
        registry.add("lending.processes.resume-retry-interval", () -> "PT10M");
    }

    /**
     * Cancels the case's instance and marks its row as started by another run of the in-memory engine: what a restart
     * does to it.
     *
     * @param table    the case's table, with a {@code process_generation} column
     * @param idColumn the column of its business key
     */
    static void lose(CamundaClient client, JdbcClient jdbc, String table, String idColumn, String id, long instanceKey) {
        client.newCancelInstanceCommand(instanceKey).send().join();
        jdbc.sql("update " + table + " set process_generation = :g where " + idColumn + " = :id")
                .param("g", "embedded:lost-" + UUID.randomUUID()).param("id", id).update();
    }

    /** Whether the read model shows an element instance of this element in this state (ACTIVE, COMPLETED). */
    static boolean hasElement(JdbcClient jdbc, Long instanceKey, String elementId, String state) {
        return instanceKey != null && jdbc.sql("""
                        select count(*) from rm_element_instance where process_instance_key = :key
                        and element_id = :element and state = :state""")
                .param("key", instanceKey).param("element", elementId).param("state", state)
                .query(Long.class).single() > 0;
    }

    /** Waits up to {@link #WAIT} for the condition. */
    static void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(WAIT);
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as("waiting for %s", what).isBefore(deadline);
            Thread.sleep(100);
        }
    }
}
