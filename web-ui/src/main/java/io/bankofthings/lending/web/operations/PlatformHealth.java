package io.bankofthings.lending.web.operations;

import io.bankofthings.lending.monitoring.Alert;
import io.bankofthings.lending.monitoring.Alerts;
import io.bankofthings.lending.storage.IngestionMeterNames;
import io.bankofthings.lending.storage.QuarantineStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Ingestion health and recent alerts for the operations console: readings stored per second over the last minute
 * (sampled from the ingestion meters every 10 s), quarantined messages by reason today (from the quarantine prefix on
 * S3), the spool size and lag, and the newest collateral alerts. Each part is optional: a replica without ingestion
 * or monitoring, or a store that is down, shows what it has.
 */
@Component
class PlatformHealth {

    private static final Logger LOG = LoggerFactory.getLogger(PlatformHealth.class);
    private static final int SAMPLES = 7;

    /** What the console shows; null parts are unknown here. */
    record View(
            @Nullable Double readingsPerSecond,
            @Nullable Double readingsStored,
            @Nullable Double spoolSize,
            @Nullable Double lagSeconds,
            @Nullable Map<String, Long> quarantinedToday,
            @Nullable String quarantineProblem,
            List<Alert> recentAlerts) {}

    private record Sample(Instant at, double stored) {}

    private final ObjectProvider<MeterRegistry> registry;
    private final ObjectProvider<QuarantineStore> quarantine;
    private final ObjectProvider<Alerts> alerts;
    private final Clock clock;
    private final Deque<Sample> samples = new ArrayDeque<>();

    PlatformHealth(ObjectProvider<MeterRegistry> registry, ObjectProvider<QuarantineStore> quarantine,
            ObjectProvider<Alerts> alerts) {
        this.registry = registry;
        this.quarantine = quarantine;
        this.alerts = alerts;
        this.clock = Clock.systemUTC();
    }

    @Scheduled(fixedDelay = 10_000, initialDelay = 1_000)
    void sample() {
        Double stored = counter(IngestionMeterNames.READINGS_STORED);
        if (stored != null) {
            synchronized (samples) {
                samples.addLast(new Sample(clock.instant(), stored));
                while (samples.size() > SAMPLES) {
                    samples.removeFirst();
                }
            }
        }
    }

    View view() {
        Map<String, Long> quarantined = null;
        String problem = null;
        QuarantineStore store = quarantine.getIfAvailable();
        if (store != null) {
            try {
                quarantined = store.countsByReason(LocalDate.now(ZoneOffset.UTC));
            } catch (RuntimeException e) {
                LOG.warn("Quarantine counts unavailable for the operations console", e);
                problem = "quarantine counts unavailable: " + e.getClass().getSimpleName();
            }
        }
        Alerts alertStore = alerts.getIfAvailable();
        List<Alert> recent = alertStore == null ? List.of() : alertStore.recent(10);
        return new View(rate(), counter(IngestionMeterNames.READINGS_STORED), gauge(IngestionMeterNames.SPOOL_SIZE),
                gauge(IngestionMeterNames.LAG_SECONDS), quarantined, problem, recent);
    }

    private @Nullable Double rate() {
        synchronized (samples) {
            if (samples.size() < 2) {
                return null;
            }
            Sample first = samples.getFirst();
            Sample last = samples.getLast();
            double seconds = Duration.between(first.at(), last.at()).toMillis() / 1000.0;
            return seconds <= 0 ? null : (last.stored() - first.stored()) / seconds;
        }
    }

    private @Nullable Double counter(String name) {
        MeterRegistry meters = registry.getIfAvailable();
        if (meters == null) {
            return null;
        }
        var found = meters.find(name).counters();
        return found.isEmpty() ? null : found.stream().mapToDouble(Counter::count).sum();
    }

    private @Nullable Double gauge(String name) {
        MeterRegistry meters = registry.getIfAvailable();
        if (meters == null) {
            return null;
        }
        Gauge gauge = meters.find(name).gauge();
        return gauge == null ? null : gauge.value();
    }
}
