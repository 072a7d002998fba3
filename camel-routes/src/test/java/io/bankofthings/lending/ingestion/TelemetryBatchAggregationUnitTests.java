package io.bankofthings.lending.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

class TelemetryBatchAggregationUnitTests {

    private final CamelContext context = new DefaultCamelContext();
    private final TelemetryBatchAggregation aggregation = new TelemetryBatchAggregation();

    @Test
    void batchCarriesTheAcknowledgementsOfItsMessagesUntilItIsStored() {
        AtomicInteger first = new AtomicInteger();
        AtomicInteger second = new AtomicInteger();
        Exchange batch = aggregation.aggregate(null, incoming(1, first::incrementAndGet));
        batch = aggregation.aggregate(batch, incoming(2, second::incrementAndGet));
        batch = aggregation.aggregate(batch, incoming(3, null));

        assertThat(batch.getMessage().getBody(List.class)).hasSize(3);
        assertThat(first).as("nothing acknowledged while the batch is open").hasValue(0);
        assertThat(second).hasValue(0);

        TelemetryBatchAggregation.acknowledge(batch);
        assertThat(first).hasValue(1);
        assertThat(second).hasValue(1);
    }

    @Test
    void aBatchThatIsNeverStoredAcknowledgesNothing() {
        AtomicInteger acknowledged = new AtomicInteger();
        Exchange original = incoming(7, acknowledged::incrementAndGet);
        aggregation.aggregate(null, original.copy());
        // the original exchange completes when aggregated; nothing on it acknowledges the message
        assertThat(original.getExchangeExtension().handoverCompletions()).isNullOrEmpty();
        assertThat(acknowledged).hasValue(0);
    }

    @Test
    void aRepeatedReadingKeepsItsMessagesAcknowledgement() {
        AtomicInteger acknowledged = new AtomicInteger();
        Exchange batch = aggregation.aggregate(null, incoming(1, acknowledged::incrementAndGet));
        batch = aggregation.aggregate(batch, incoming(1, acknowledged::incrementAndGet));
        batch = aggregation.aggregate(batch, incoming(2, acknowledged::incrementAndGet));

        TelemetryBatchAggregation.acknowledge(batch);

        // the store drops the repeat (TelemetryMqttRouteIntegrationTests); its message is acknowledged all the same
        assertThat(acknowledged).as("the repeated message is acknowledged too").hasValue(3);
    }

    private Exchange incoming(long seq, Runnable acknowledgement) {
        Exchange exchange = new DefaultExchange(context);
        exchange.getMessage().setBody(
                IngestionIntegrationTestBase.reading("press-1", seq, Instant.parse("2026-12-01T10:00:00Z").plusSeconds(seq)));
        if (acknowledgement != null) {
            exchange.setProperty(IngestionHeaders.ACKNOWLEDGEMENT, (TransportAcknowledgement) acknowledgement::run);
        }
        return exchange;
    }
}
