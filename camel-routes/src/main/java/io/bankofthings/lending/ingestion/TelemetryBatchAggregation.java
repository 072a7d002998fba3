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
 * Collects readings into a {@code List<TelemetryReading>} body under a new {@link IngestionHeaders#BATCH_ID} and
 * moves each incoming exchange's completion callbacks to the batch, so a transport acknowledges a message only once
 * its batch is stored.
 */
final class TelemetryBatchAggregation implements AggregationStrategy {

    @Override
    public Exchange aggregate(@Nullable Exchange batch, Exchange incoming) {
        Exchange target = batch;
        if (target == null) {
            target = new DefaultExchange(incoming.getContext());
            target.getMessage().setBody(new ArrayList<TelemetryReading>());
            target.getMessage().setHeader(IngestionHeaders.BATCH_ID, UUID.randomUUID().toString());
        }
        TelemetryReading reading = incoming.getMessage().getBody(TelemetryReading.class);
        if (reading == null) {
            throw new IllegalStateException("Exchange %s holds no reading to batch".formatted(incoming.getExchangeId()));
        }
        readingsOf(target).add(reading);
        incoming.getExchangeExtension().handoverCompletions(target);
        return target;
    }

    @SuppressWarnings("unchecked")
    private static List<TelemetryReading> readingsOf(Exchange batch) {
        return batch.getMessage().getBody(List.class);
    }
}
