package io.bankofthings.lending.ingestion;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/** Drains the PostgreSQL spool into S3 every {@code lending.ingestion.spool-flush-interval}, batch after batch. */
@Component
public class TelemetrySpoolRoute extends RouteBuilder {

    /** Id of the route. */
    public static final String ROUTE_ID = "telemetry-spool-flush";

    private final TelemetrySpool spool;
    private final IngestionSettings settings;

    /** Flushes {@code spool} on the interval of {@code settings}. */
    public TelemetrySpoolRoute(TelemetrySpool spool, IngestionSettings settings) {
        this.spool = spool;
        this.settings = settings;
    }

    @Override
    public void configure() {
        from("timer:" + ROUTE_ID + "?delay=1000&period=" + settings.spoolFlushInterval().toMillis())
                .routeId(ROUTE_ID)
                .bean(spool, "flushAll");
    }
}
