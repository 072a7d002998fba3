package io.bankofthings.lending.storage;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Deletes whole day partitions ({@code <tier>/date=YYYY-MM-DD/}) of a tier once the whole day is older than the
 * tier's retention ({@link RetentionSettings}): a day is deleted only when its end lies at least the retention before
 * now, never a younger one. Tiers: {@code readings} (kept forever unless set) and {@code quarantine} (180 days).
 *
 * <p>Meters {@code lending.storage.retention.partitions.deleted} and {@code lending.storage.retention.objects.deleted}
 * (tag {@code tier}), {@code lending.storage.retention.runs}; one log line per deleted partition.
 */
@Component
public class TelemetryRetention {

    private static final Logger LOG = LoggerFactory.getLogger(TelemetryRetention.class);

    private final ObjectStore store;
    private final List<Tier> tiers;
    private final MeterRegistry registry;
    private final Counter runs;

    /**
     * One prefix of the store and how long its days are kept.
     *
     * @param name tier name, used as the meter tag
     * @param prefix key prefix, e.g. {@code quarantine/}
     * @param retention how long a day is kept, or null to keep it forever
     */
    public record Tier(String name, String prefix, @Nullable Duration retention) {}

    /**
     * One deleted day partition.
     *
     * @param tier tier name
     * @param date the UTC day
     * @param objects objects deleted
     */
    public record DeletedPartition(String tier, LocalDate date, int objects) {}

    /**
     * What one run did.
     *
     * @param startedAt when the run started
     * @param finishedAt when it ended
     * @param deleted the partitions deleted, by tier and date
     */
    public record Report(Instant startedAt, Instant finishedAt, List<DeletedPartition> deleted) {

        /** Returns the number of objects deleted. */
        public long objectsDeleted() {
            return deleted.stream().mapToLong(DeletedPartition::objects).sum();
        }
    }

    /** Applies {@code settings} to {@code store}, meters in the application's registry or a private one. */
    @Autowired
    public TelemetryRetention(ObjectStore store, RetentionSettings settings, ObjectProvider<MeterRegistry> registries) {
        this(store, settings, registries.getIfAvailable(SimpleMeterRegistry::new));
    }

    /** Applies {@code settings} to {@code store}, meters in {@code registry}. */
    public TelemetryRetention(ObjectStore store, RetentionSettings settings, MeterRegistry registry) {
        this.store = store;
        this.registry = registry;
        this.tiers = List.of(
                new Tier("readings", TelemetryPartitions.READINGS_PREFIX, settings.readings()),
                new Tier("quarantine", QuarantineStore.QUARANTINE_PREFIX, settings.quarantine()));
        this.runs = Counter.builder("lending.storage.retention.runs").description("Retention runs completed").register(registry);
    }

    /** Returns the tiers and their retention. */
    public List<Tier> tiers() {
        return tiers;
    }

    /** Runs once at the current time. */
    public Report run() {
        return run(Instant.now());
    }

    /**
     * Deletes, in every tier with a retention, the day partitions that ended at least the retention before {@code now}.
     *
     * @throws ObjectStoreException when listing or deleting fails; partitions deleted before stay deleted and the
     *     rest follow on the next run
     */
    public Report run(Instant now) {
        Instant startedAt = Instant.now();
        List<DeletedPartition> deleted = new ArrayList<>();
        for (Tier tier : tiers) {
            if (tier.retention() == null) {
                continue;
            }
            Instant cutoff = now.minus(tier.retention());
            for (String prefix : store.listPrefixes(tier.prefix())) {
                LocalDate date = TelemetryPartitions.partitionDate(tier.prefix(), prefix);
                if (date == null) {
                    LOG.warn("Retention of {} skips {}: not a day partition", tier.name(), prefix);
                    continue;
                }
                Instant dayEnd = date.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
                if (dayEnd.isAfter(cutoff)) {
                    continue;
                }
                List<String> keys = store.list(prefix);
                store.delete(keys);
                deleted.add(new DeletedPartition(tier.name(), date, keys.size()));
                Counter.builder("lending.storage.retention.partitions.deleted").tag("tier", tier.name())
                        .description("Day partitions deleted by retention").register(registry).increment();
                Counter.builder("lending.storage.retention.objects.deleted").tag("tier", tier.name())
                        .description("Objects deleted by retention").register(registry).increment(keys.size());
                LOG.info("Retention deleted {} ({} objects): tier {} keeps {}", prefix, keys.size(), tier.name(),
                        tier.retention());
            }
        }
        runs.increment();
        return new Report(startedAt, Instant.now(), List.copyOf(deleted));
    }
}
