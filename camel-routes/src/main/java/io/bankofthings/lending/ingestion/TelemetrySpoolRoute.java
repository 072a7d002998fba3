package io.bankofthings.lending.ingestion;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * Drains the PostgreSQL spool into S3 every {@code lending.ingestion.spool-flush-interval}, batch after batch, and
 * hourly forgets the replay pairs older than {@code lending.ingestion.max-age}.
 */
@Component
public class TelemetrySpoolRoute extends RouteBuilder {

    /** Id of the route. */
    public static final String ROUTE_ID = "telemetry-spool-flush";

    /** Id of the route that forgets old replay pairs. */
    public static final String PRUNE_ROUTE_ID = "telemetry-replay-prune";

    private final TelemetrySpool spool;
    private final SequenceHighWaterMarks sequences;
    private final IngestionSettings settings;

    /** Flushes {@code spool} on the interval of {@code settings} and prunes {@code sequences}. */
    public TelemetrySpoolRoute(TelemetrySpool spool, SequenceHighWaterMarks sequences, IngestionSettings settings) {
        this.spool = spool;
        this.sequences = sequences;
        this.settings = settings;
    }

    /** Forgets replay pairs older than the accepted age plus the clock skew. */
    public int pruneReplayPairs() {
        return sequences.forgetBefore(java.time.Instant.now().minus(settings.maxAge()).minus(settings.maxFutureSkew()));
    }

    @Override
    public void configure() {
        from("timer:" + ROUTE_ID + "?delay=1000&period=" + settings.spoolFlushInterval().toMillis())
                .routeId(ROUTE_ID)
                .bean(spool, "flushAll");
        from("timer:" + PRUNE_ROUTE_ID + "?delay=60000&period=3600000")
                .routeId(PRUNE_ROUTE_ID)
                .bean(this, "pruneReplayPairs");
    }
}
