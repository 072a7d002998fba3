package io.bankofthings.lending.ingestion;

import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.springframework.stereotype.Component;

/**
 * Error handling shared by ingestion routes: rejected messages go to quarantine at once and count as handled, logged
 * by reason only, since the rejection detail quotes payload values; technical
 * faults (storage unreachable) are retried with backoff and then fail the exchange, so the transport does not
 * acknowledge the message and delivers it again later.
 */
@Component
public class IngestionErrorHandling extends RouteConfigurationBuilder {

    /** Route configuration id that ingestion routes opt in to. */
    public static final String ID = "ingestion-error-handling";

    /** Attempts after the first one for technical faults. */
    static final int MAX_REDELIVERIES = 3;

    /** Delay before the first redelivery, in milliseconds; doubles each time. */
    static final long REDELIVERY_DELAY_MILLIS = 500;

    private final MqttTelemetryHandler handler;

    /** Quarantines rejected MQTT messages through {@code handler}. */
    public IngestionErrorHandling(MqttTelemetryHandler handler) {
        this.handler = handler;
    }

    @Override
    public void configuration() {
        routeConfiguration(ID)
                .errorHandler(defaultErrorHandler()
                        .maximumRedeliveries(MAX_REDELIVERIES)
                        .redeliveryDelay(REDELIVERY_DELAY_MILLIS)
                        .useExponentialBackOff()
                        .backOffMultiplier(2)
                        .retryAttemptedLogLevel(LoggingLevel.WARN)
                        .logExhaustedMessageBody(false)
                        .logExhaustedMessageHistory(true))
                .onException(TelemetryRejectedException.class)
                .maximumRedeliveries(0)
                .logRetryAttempted(false)
                .logHandled(false)
                .logExhausted(false)
                .handled(true)
                .bean(handler, "quarantine")
                .end();
    }
}
