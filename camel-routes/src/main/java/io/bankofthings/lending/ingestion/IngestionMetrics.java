package io.bankofthings.lending.ingestion;

import static io.bankofthings.lending.storage.IngestionMeterNames.BATCHES_STORED;
import static io.bankofthings.lending.storage.IngestionMeterNames.BYTES_STORED;
import static io.bankofthings.lending.storage.IngestionMeterNames.LAG_SECONDS;
import static io.bankofthings.lending.storage.IngestionMeterNames.MESSAGES_QUARANTINED;
import static io.bankofthings.lending.storage.IngestionMeterNames.READINGS_ACCEPTED;
import static io.bankofthings.lending.storage.IngestionMeterNames.READINGS_SPOOLED;
import static io.bankofthings.lending.storage.IngestionMeterNames.READINGS_STORED;
import static io.bankofthings.lending.storage.IngestionMeterNames.REASON_TAG;
import static io.bankofthings.lending.storage.IngestionMeterNames.SPOOL_AGE_SECONDS;
import static io.bankofthings.lending.storage.IngestionMeterNames.SPOOL_SIZE;
import static io.bankofthings.lending.storage.IngestionMeterNames.TRANSPORT_TAG;

import io.bankofthings.lending.storage.TelemetryBatchStored;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Ingestion meters in the application's Micrometer registry when there is one, named in
 * {@link io.bankofthings.lending.storage.IngestionMeterNames}:
 * {@code lending.ingestion.readings.accepted} (tag {@code transport}: mqtt, webhook),
 * {@code lending.ingestion.readings.stored} (written to Parquet), {@code lending.ingestion.batches.stored},
 * {@code lending.ingestion.bytes.stored} (Parquet bytes), {@code lending.ingestion.readings.spooled} (kept in
 * PostgreSQL during an S3 outage), {@code lending.ingestion.messages.quarantined} (tag {@code reason}), and the
 * gauges {@code lending.ingestion.spool.size}, {@code lending.ingestion.spool.age.seconds} (oldest spooled row) and
 * {@code lending.ingestion.lag.seconds} (reading timestamp to storage, latest batch).
 */
@Component
public class IngestionMetrics {

    private final Counter readingsStored;
    private final Counter batchesStored;
    private final Map<RejectionReason, Counter> quarantined = new EnumMap<>(RejectionReason.class);
    private final Counter acceptedMqtt;
    private final Counter acceptedWebhook;
    private final Counter bytesStored;
    private final Counter readingsSpooled;
    private final AtomicLong lagMillis = new AtomicLong();
    private final MeterRegistry registry;

    /** Registers the counters in the application's registry, or in a private one without Micrometer set up. */
    @Autowired
    public IngestionMetrics(ObjectProvider<MeterRegistry> registries) {
        this(registries.getIfAvailable(SimpleMeterRegistry::new));
    }

    /** Registers the counters in {@code registry}. */
    public IngestionMetrics(MeterRegistry registry) {
        this.registry = registry;
        acceptedMqtt = accepted(registry, "mqtt");
        acceptedWebhook = accepted(registry, "webhook");
        bytesStored = Counter.builder(BYTES_STORED)
                .description("Bytes of Parquet written for telemetry")
                .baseUnit("bytes")
                .register(registry);
        readingsSpooled = Counter.builder(READINGS_SPOOLED)
                .description("Accepted readings kept in the PostgreSQL spool because S3 was unreachable")
                .register(registry);
        Gauge.builder(LAG_SECONDS, lagMillis, millis -> millis.get() / 1000.0)
                .description("Time from the newest reading's timestamp to its storage, for the latest batch")
                .baseUnit("seconds")
                .register(registry);
        readingsStored = Counter.builder(READINGS_STORED)
                .description("Telemetry readings written to Parquet")
                .register(registry);
        batchesStored = Counter.builder(BATCHES_STORED)
                .description("Telemetry batches written to Parquet")
                .register(registry);
        for (RejectionReason reason : RejectionReason.values()) {
            quarantined.put(reason, Counter.builder(MESSAGES_QUARANTINED)
                    .description("Incoming messages rejected and kept in quarantine")
                    .tag(REASON_TAG, reason.name())
                    .register(registry));
        }
    }

    private static Counter accepted(MeterRegistry registry, String transport) {
        return Counter.builder(READINGS_ACCEPTED)
                .description("Readings accepted as authentic and durable")
                .tag(TRANSPORT_TAG, transport)
                .register(registry);
    }

    /** Registers the spool gauges, read from {@code size} and {@code oldestAge} on each scrape. */
    public void registerSpool(ToLongFunction<Void> size, Supplier<Duration> oldestAge) {
        Gauge.builder(SPOOL_SIZE, () -> size.applyAsLong(null))
                .description("Rows waiting in the PostgreSQL spool for S3")
                .register(registry);
        Gauge.builder(SPOOL_AGE_SECONDS, () -> oldestAge.get().toMillis() / 1000.0)
                .description("Age of the oldest row in the PostgreSQL spool")
                .baseUnit("seconds")
                .register(registry);
    }

    /** Counts one stored batch and its readings. */
    public void batchStored(TelemetryBatchStored batch) {
        batchesStored.increment();
        readingsStored.increment(batch.readingCount());
        bytesStored.increment(batch.byteCount());
    }

    /** Counts {@code count} readings accepted over MQTT ({@code webhook} false) or a webhook. */
    public void readingsAccepted(int count, boolean webhook) {
        (webhook ? acceptedWebhook : acceptedMqtt).increment(count);
    }

    /** Counts readings spooled during an S3 outage. */
    public void readingsSpooled(int count) {
        readingsSpooled.increment(count);
    }

    /** Records the lag of the latest stored batch: from its newest reading's timestamp to {@code storedAt}. */
    public void lag(Instant newestReading, Instant storedAt) {
        lagMillis.set(Math.max(0, Duration.between(newestReading, storedAt).toMillis()));
    }

    /** Returns the Parquet bytes written since start. */
    public double bytesStoredCount() {
        return bytesStored.count();
    }

    /** Returns the number of readings accepted since start over MQTT and webhooks together. */
    public long readingsAcceptedCount() {
        return (long) (acceptedMqtt.count() + acceptedWebhook.count());
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
