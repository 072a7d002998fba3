package io.bankofthings.lending.ingestion;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

/** Counts redelivery attempts by the headers and properties of the redelivered exchange. */
final class RedeliveryCounter extends EventNotifierSupport {

    private final Map<String, LongAdder> byHeader = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> byProperty = new ConcurrentHashMap<>();

    @Override
    public void notify(CamelEvent event) {
        if (event instanceof CamelEvent.ExchangeRedeliveryEvent redelivery) {
            Exchange exchange = redelivery.getExchange();
            exchange.getMessage().getHeaders().keySet().forEach(name -> count(byHeader, name));
            exchange.getProperties().keySet().forEach(name -> count(byProperty, name));
        }
    }

    private static void count(Map<String, LongAdder> counts, String name) {
        counts.computeIfAbsent(name, n -> new LongAdder()).increment();
    }

    long withHeader(String name) {
        LongAdder count = byHeader.get(name);
        return count == null ? 0 : count.sum();
    }

    long withProperty(String name) {
        LongAdder count = byProperty.get(name);
        return count == null ? 0 : count.sum();
    }
}
