package io.bankofthings.lending.ingestion;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/** Stores messages rejected by any ingestion route in quarantine, retrying while storage is unreachable. */
@Component
public class TelemetryQuarantineRoute extends RouteBuilder {

    /** Startup order of the quarantine route: before every route that rejects into it (Camel stops in reverse). */
    static final int STARTUP_ORDER = 1;

    private final TelemetryQuarantine quarantine;

    /** Stores through {@code quarantine}. */
    public TelemetryQuarantineRoute(TelemetryQuarantine quarantine) {
        this.quarantine = quarantine;
    }

    @Override
    public void configure() {
        from(IngestionErrorHandling.QUARANTINE_ENDPOINT)
                .routeId(IngestionErrorHandling.QUARANTINE_ROUTE_ID)
                // started first, so stopped last: the transports' last messages still find it
                .startupOrder(STARTUP_ORDER)
                .routeConfigurationId(IngestionErrorHandling.ID)
                .bean(quarantine, "quarantine")
                .setProperty(IngestionHeaders.DURABLE, constant(true));
    }
}
