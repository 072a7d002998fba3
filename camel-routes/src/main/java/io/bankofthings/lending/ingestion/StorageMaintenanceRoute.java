package io.bankofthings.lending.ingestion;

import io.bankofthings.lending.storage.CompactionSettings;
import io.bankofthings.lending.storage.RetentionSettings;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * Schedules storage maintenance where the ingestion role runs (like every Camel route, only with
 * {@code lending.roles.ingestion=true}): compaction every {@code lending.storage.compaction.interval} and retention
 * every {@code lending.storage.retention.interval}, the first run one interval after start; a job whose
 * {@code enabled} is false gets no route.
 */
@Component
public class StorageMaintenanceRoute extends RouteBuilder {

    /** Id of the compaction route. */
    public static final String COMPACTION_ROUTE_ID = "telemetry-compaction";

    /** Id of the retention route. */
    public static final String RETENTION_ROUTE_ID = "telemetry-retention";

    private final StorageMaintenance maintenance;
    private final CompactionSettings compaction;
    private final RetentionSettings retention;

    /** Runs {@code maintenance} on the intervals of the settings. */
    public StorageMaintenanceRoute(StorageMaintenance maintenance, CompactionSettings compaction, RetentionSettings retention) {
        this.maintenance = maintenance;
        this.compaction = compaction;
        this.retention = retention;
    }

    @Override
    public void configure() {
        if (compaction.enabled()) {
            long period = compaction.interval().toMillis();
            from("timer:" + COMPACTION_ROUTE_ID + "?delay=" + period + "&period=" + period)
                    .routeId(COMPACTION_ROUTE_ID)
                    .bean(maintenance, "compact");
        }
        if (retention.enabled()) {
            long period = retention.interval().toMillis();
            from("timer:" + RETENTION_ROUTE_ID + "?delay=" + period + "&period=" + period)
                    .routeId(RETENTION_ROUTE_ID)
                    .bean(maintenance, "applyRetention");
        }
    }
}
