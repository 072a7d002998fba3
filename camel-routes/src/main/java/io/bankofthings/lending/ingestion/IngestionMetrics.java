package io.bankofthings.lending.ingestion;

import io.bankofthings.lending.storage.TelemetryBatchStored;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Counts stored readings and quarantined messages per transport, in the application's Micrometer registry when
 * there is one ({@code lending.ingestion.readings.stored}, {@code lending.ingestion.batches.stored},
 * {@code lending.ingestion.messages.quarantined} tagged with {@code reason}).
 */
@Component
public class IngestionMetrics {

    private final Counter readingsStored;
    private final Counter batchesStored;
    private final Map<RejectionReason, Counter> quarantined = new EnumMap<>(RejectionReason.class);

    /** Registers the counters in the application's registry, or in a private one without Micrometer set up. */
    @Autowired
    public IngestionMetrics(ObjectProvider<MeterRegistry> registries) {
        this(registries.getIfAvailable(SimpleMeterRegistry::new));
    }

    /** Registers the counters in {@code registry}. */
    public IngestionMetrics(MeterRegistry registry) {
        readingsStored = Counter.builder("lending.ingestion.readings.stored")
                .description("Telemetry readings written to Parquet")
                .register(registry);
        batchesStored = Counter.builder("lending.ingestion.batches.stored")
                .description("Telemetry batches written to Parquet")
                .register(registry);
        for (RejectionReason reason : RejectionReason.values()) {
            quarantined.put(reason, Counter.builder("lending.ingestion.messages.quarantined")
                    .description("Incoming messages rejected and kept in quarantine")
                    .tag("reason", reason.name())
                    .register(registry));
        }
    }

    /** Counts one stored batch and its readings. */
    public void batchStored(TelemetryBatchStored batch) {
        batchesStored.increment();
        readingsStored.increment(batch.readingCount());
    }

    /** Counts one quarantined message. */
    public void messageQuarantined(RejectionReason reason) {
        quarantined.get(reason).increment();
    }

    /** Returns the number of readings stored since start. */
    public long readingsStoredCount() {
        return (long) readingsStored.count();
    }

    /** Returns the number of messages quarantined since start for {@code reason}. */
    public long quarantinedCount(RejectionReason reason) {
        return (long) quarantined.get(reason).count();
    }

    /** Returns the number of messages quarantined since start for any reason. */
    public long quarantinedCount() {
        return (long) quarantined.values().stream().mapToDouble(Counter::count).sum();
    }
}
