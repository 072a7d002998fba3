package io.bankofthings.lending.ingestion.web;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * Ingests webhook requests handed over by {@link TelemetryWebhookController}: synchronous, so the controller answers
 * 202 only after the readings are durable; no redelivery, a fault goes back to the caller as an error.
 */
@Component
public class TelemetryWebhookRoute extends RouteBuilder {

    /** Id of the route. */
    public static final String ROUTE_ID = "telemetry-webhook-ingest";

    /** Endpoint the controller sends requests to. */
    public static final String ENDPOINT = "direct:telemetry-webhook";

    /** Header naming the platform of the request. */
    public static final String PLATFORM = "LendingIngestionPlatform";

    private final WebhookIngestion ingestion;

    /** Ingests with {@code ingestion}. */
    public TelemetryWebhookRoute(WebhookIngestion ingestion) {
        this.ingestion = ingestion;
    }

    @Override
    public void configure() {
        from(ENDPOINT).routeId(ROUTE_ID).bean(ingestion, "ingest");
    }
}
