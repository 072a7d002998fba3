package io.bankofthings.lending.ingestion;

import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.springframework.stereotype.Component;

/**
 * Error handling shared by ingestion routes.
 *
 * <p>A rejected message ({@link TelemetryRejectedException}) is a business outcome: it goes at once to the
 * {@value #QUARANTINE_ENDPOINT} route and counts as handled, logged by reason only, since the rejection detail
 * quotes payload values. A technical fault (storage unreachable) is retried without limit, with exponential backoff
 * up to {@value #MAX_REDELIVERY_DELAY_MILLIS} ms: the exchange waits, the transport's unacknowledged messages stay
 * with the broker, and nothing is acknowledged before it is stored. Retries end when the application stops (the
 * exchange fails unacknowledged, so the broker delivers its messages again after the restart, and a webhook caller
 * gets an error and sends again) instead of holding the shutdown.
 */
@Component
public class IngestionErrorHandling extends RouteConfigurationBuilder {

    /** Route configuration id that ingestion routes opt in to. */
    public static final String ID = "ingestion-error-handling";

    /** Endpoint of the route that stores rejected messages in quarantine. */
    public static final String QUARANTINE_ENDPOINT = "direct:telemetry-quarantine";

    /** Id of the quarantine route. */
    public static final String QUARANTINE_ROUTE_ID = "telemetry-quarantine";

    /** Delay before the first redelivery after a technical fault, in milliseconds; doubles each time. */
    static final long REDELIVERY_DELAY_MILLIS = 500;

    /** Longest delay between redeliveries, in milliseconds. */
    static final long MAX_REDELIVERY_DELAY_MILLIS = 30_000;

    /** Every how many redeliveries one is logged. */
    static final int REDELIVERY_LOG_INTERVAL = 5;

    private static final int UNLIMITED = -1;

    @Override
    public void configuration() {
        routeConfiguration(ID)
                .errorHandler(defaultErrorHandler()
                        .maximumRedeliveries(UNLIMITED)
                        .redeliveryDelay(REDELIVERY_DELAY_MILLIS)
                        .useExponentialBackOff()
                        .backOffMultiplier(2)
                        .maximumRedeliveryDelay(MAX_REDELIVERY_DELAY_MILLIS)
                        .allowRedeliveryWhileStopping(false)
                        .retryAttemptedLogLevel(LoggingLevel.WARN)
                        .retryAttemptedLogInterval(REDELIVERY_LOG_INTERVAL)
                        .logExhaustedMessageBody(false))
                .onException(TelemetryRejectedException.class)
                .maximumRedeliveries(0)
                .logRetryAttempted(false)
                .logHandled(false)
                .logExhausted(false)
                .handled(true)
                .setProperty(IngestionHeaders.REJECTION, exchangeProperty(Exchange.EXCEPTION_CAUGHT))
                // fail at once, not after 30 s, if the quarantine route is gone (stopping): the message stays
                // unacknowledged and comes back after the restart
                .to(QUARANTINE_ENDPOINT + "?block=false")
                .end();
    }
}
