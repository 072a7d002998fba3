package io.bankofthings.lending.ingestion;

import io.bankofthings.lending.storage.TelemetryReading;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;
import org.jspecify.annotations.Nullable;

/**
 * Collects readings into a {@code List<TelemetryReading>} body under a new {@link IngestionHeaders#BATCH_ID}, and the
 * transport acknowledgements of the incoming messages ({@link IngestionHeaders#ACKNOWLEDGEMENT}) into
 * {@link IngestionHeaders#ACKNOWLEDGEMENTS}, for the route to send once the batch is stored.
 *
 * <p>Camel hands the strategy a copy of each incoming exchange whose completion callbacks stay with the original,
 * and the original completes as soon as it is aggregated; so the acknowledgements travel as a property, not as
 * completion callbacks.
 */
final class TelemetryBatchAggregation implements AggregationStrategy {

    @Override
    public Exchange aggregate(@Nullable Exchange batch, Exchange incoming) {
        Exchange target = batch;
        if (target == null) {
            target = new DefaultExchange(incoming.getContext());
            target.getMessage().setBody(new ArrayList<TelemetryReading>());
            target.getMessage().setHeader(IngestionHeaders.BATCH_ID, UUID.randomUUID().toString());
            target.setProperty(IngestionHeaders.ACKNOWLEDGEMENTS, new ArrayList<TransportAcknowledgement>());
        }
        TelemetryReading reading = incoming.getMessage().getBody(TelemetryReading.class);
        if (reading == null) {
            throw new IllegalStateException("Exchange %s holds no reading to batch".formatted(incoming.getExchangeId()));
        }
        readingsOf(target).add(reading);
        TransportAcknowledgement acknowledgement =
                incoming.getProperty(IngestionHeaders.ACKNOWLEDGEMENT, TransportAcknowledgement.class);
        if (acknowledgement != null) {
            acknowledgementsOf(target).add(acknowledgement);
        }
        return target;
    }

    /** Sends the acknowledgements collected in {@code batch}; called once the batch is durable. */
    static void acknowledge(Exchange batch) {
        acknowledgementsOf(batch).forEach(TransportAcknowledgement::acknowledge);
    }

    @SuppressWarnings("unchecked")
    private static List<TelemetryReading> readingsOf(Exchange batch) {
        return batch.getMessage().getBody(List.class);
    }

    @SuppressWarnings("unchecked")
    private static List<TransportAcknowledgement> acknowledgementsOf(Exchange batch) {
        List<TransportAcknowledgement> acknowledgements = batch.getProperty(IngestionHeaders.ACKNOWLEDGEMENTS, List.class);
        return acknowledgements == null ? List.of() : acknowledgements;
    }
}
