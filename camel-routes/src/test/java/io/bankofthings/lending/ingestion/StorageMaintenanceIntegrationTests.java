package io.bankofthings.lending.ingestion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.bankofthings.lending.storage.ObjectStore;
import io.bankofthings.lending.storage.TelemetryParquetWriter;
import io.bankofthings.lending.storage.TelemetryPartitions;
import io.bankofthings.lending.storage.TelemetryQueries;
import io.bankofthings.lending.storage.TelemetryReading;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Compaction and retention as the ingestion role runs them: under the PostgreSQL advisory lock, recorded for operators
 * and shown by {@code /api/ingestion/storage/maintenance}, against the real S3Proxy and PostgreSQL of the test base.
 */
class StorageMaintenanceIntegrationTests extends IngestionIntegrationTestBase {

    @Autowired
    StorageMaintenance maintenance;

    @Autowired
    TelemetryParquetWriter writer;

    @Autowired
    ObjectStore store;

    @Autowired
    TelemetryQueries queries;

    @Autowired
    DataSource dataSource;

    @Autowired
    CamelContext camel;

    /** Writes six small batches of ten readings of a new device into the hour that started {@code hoursAgo}. */
    private List<String> smallFiles(String device, Instant hour) {
        List<String> keys = new ArrayList<>();
        for (int batch = 0; batch < 6; batch++) {
            List<TelemetryReading> readings = new ArrayList<>();
            for (int i = 1; i <= 10; i++) {
                long seq = batch * 10L + i;
                readings.add(reading(device, seq, hour.plusSeconds(seq * 30)));
            }
            keys.addAll(writer.write(readings).objectKeys());
        }
        return keys;
    }

    private static void advisory(Connection connection, String function) throws Exception {
        try (PreparedStatement statement = connection.prepareStatement("select " + function + "(?)")) {
            statement.setLong(1, StorageMaintenance.Job.COMPACTION.lockKey());
            statement.executeQuery().close();
        }
    }

    @Test
    void compactsOnlyWhereNoOtherReplicaHoldsTheLockAndShowsTheLastRun() throws Exception {
        String device = unique("compact");
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(3));
        List<String> sources = smallFiles(device, hour);
        String partition = TelemetryPartitions.hourPrefix(hour);

        try (Connection otherReplica = dataSource.getConnection()) {
            advisory(otherReplica, "pg_advisory_lock");
            StorageMaintenance.Run skipped = maintenance.compact();
            assertThat(skipped.outcome()).isEqualTo(StorageMaintenance.Outcome.SKIPPED);
            assertThat(store.list(partition)).containsAll(sources);
            advisory(otherReplica, "pg_advisory_unlock");
        }

        StorageMaintenance.Run run = maintenance.compact();

        assertThat(run.outcome()).isEqualTo(StorageMaintenance.Outcome.COMPLETED);
        assertThat(run.partitions()).isPositive();
        assertThat(run.files()).isGreaterThanOrEqualTo(sources.size());
        assertThat(run.bytesAfter()).isPositive().isLessThan(run.bytesBefore());
        assertThat(store.list(partition)).doesNotContainAnyElementsOf(sources).anyMatch(key -> key.contains("/compacted-"));
        assertThat(queries.readings(device, hour, hour.plus(Duration.ofHours(1))))
                .extracting(TelemetryReading::sequence)
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 60).boxed().toList());
        assertThat(maintenance.last(StorageMaintenance.Job.COMPACTION)).hasValueSatisfying(last -> {
            assertThat(last.outcome()).isEqualTo(StorageMaintenance.Outcome.COMPLETED);
            assertThat(last.files()).isEqualTo(run.files());
        });

        mvc.perform(get("/api/ingestion/storage/maintenance").with(request -> {
                    request.addUserRole("operator");
                    return request;
                }))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.compaction.outcome").value("COMPLETED"))
                .andExpect(jsonPath("$.compaction.files").value(run.files()))
                .andExpect(jsonPath("$.compaction.bytesBefore").value(run.bytesBefore()))
                .andExpect(jsonPath("$.retentionByTier.readings").value("forever"))
                .andExpect(jsonPath("$.retentionByTier.quarantine").value("PT4320H"));
        mvc.perform(get("/api/ingestion/storage/maintenance").with(request -> {
                    request.addUserRole("analyst");
                    return request;
                }))
                .andExpect(status().isForbidden());
    }

    @Test
    void recordsAFailedRunAndCompletesOnTheNextOne() throws Exception {
        String device = unique("retry");
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(5));
        List<String> sources = smallFiles(device, hour);

        s3.stop();
        StorageMaintenance.Run failed;
        try {
            failed = maintenance.compact();
        } finally {
            s3.start();
        }

        assertThat(failed.outcome()).isEqualTo(StorageMaintenance.Outcome.FAILED);
        assertThat(failed.detail()).contains("ObjectStoreException");
        assertThat(maintenance.last(StorageMaintenance.Job.COMPACTION))
                .hasValueSatisfying(last -> assertThat(last.outcome()).isEqualTo(StorageMaintenance.Outcome.FAILED));
        assertThat(store.list(TelemetryPartitions.hourPrefix(hour))).containsAll(sources);

        StorageMaintenance.Run next = maintenance.compact();

        assertThat(next.outcome()).isEqualTo(StorageMaintenance.Outcome.COMPLETED);
        assertThat(store.list(TelemetryPartitions.hourPrefix(hour))).doesNotContainAnyElementsOf(sources);
        assertThat(queries.readings(device, hour, hour.plus(Duration.ofHours(1)))).hasSize(60);

        StorageMaintenance.Run retention = maintenance.applyRetention();
        assertThat(retention.outcome()).isEqualTo(StorageMaintenance.Outcome.COMPLETED);
        assertThat(maintenance.last(StorageMaintenance.Job.RETENTION))
                .hasValueSatisfying(last -> assertThat(last.finishedAt()).isCloseTo(retention.finishedAt(), within(1, ChronoUnit.MILLIS)));
    }

    @Test
    void schedulesCompactionAndRetentionOnTheirIntervals() {
        long period = Duration.parse("PT" + MAINTENANCE_INTERVAL.toUpperCase()).toMillis();
        assertThat(camel.getRoute(StorageMaintenanceRoute.COMPACTION_ROUTE_ID).getEndpoint().getEndpointUri())
                .contains("period=" + period);
        assertThat(camel.getRoute(StorageMaintenanceRoute.RETENTION_ROUTE_ID).getEndpoint().getEndpointUri())
                .contains("period=" + period);
    }
}
