package io.bankofthings.lending.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bankofthings.lending.storage.embedded.EmbeddedS3Server;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

/** Retention per tier against a real in-process S3Proxy, and the validation of the settings at binding. */
class TelemetryRetentionIntegrationTests {

    private static final String ACCESS_KEY = "retention-access";
    private static final String SECRET_KEY = "retention-secret-0123456789";
    private static final Instant NOW = Instant.parse("2026-12-02T06:00:00Z");

    @TempDir
    static Path dataDir;

    static EmbeddedS3Server server;

    @BeforeAll
    static void startServer() throws Exception {
        server = EmbeddedS3Server.start(dataDir.resolve("s3"), "127.0.0.1", 0, ACCESS_KEY, SECRET_KEY);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private static ObjectStore newStore() {
        return new ObjectStore(new StorageSettings(server.endpoint(), ACCESS_KEY, SECRET_KEY,
                "retention-" + UUID.randomUUID().toString().substring(0, 8), "us-east-1"));
    }

    private static void put(ObjectStore store, String key) {
        store.put(key, key.getBytes(StandardCharsets.UTF_8), "application/octet-stream");
    }

    /** Fills both tiers with days from 2014 to yesterday. */
    private static void fill(ObjectStore store) {
        for (String date : List.of("2014-03-01", "2016-12-01", "2016-12-02", "2026-06-04", "2026-06-05", "2026-12-01")) {
            put(store, "readings/date=%s/hour=00/part-a.parquet".formatted(date));
            put(store, "readings/date=%s/hour=23/part-b.parquet".formatted(date));
            put(store, "quarantine/date=%s/reason=BAD_SIGNATURE/000000000-a.json".formatted(date));
            put(store, "quarantine/date=%s/reason=MALFORMED_JSON/120000000-b.json".formatted(date));
        }
        put(store, "compaction/date=2014-03-01/hour=00/0123456789abcdef.json");
    }

    private static List<String> days(ObjectStore store, String tier) {
        return store.listPrefixes(tier).stream().map(p -> p.substring(tier.length())).toList();
    }

    @Test
    void keepsReadingsForeverAndQuarantineFor180DaysByDefault() {
        ObjectStore store = newStore();
        fill(store);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();

        TelemetryRetention.Report report = new TelemetryRetention(store, RetentionSettings.defaults(), registry).run(NOW);

        // 180 days before 2026-12-02T06:00 is 2026-06-05T06:00: the day 2026-06-04 has ended by then, 2026-06-05 not
        assertThat(report.deleted()).extracting(TelemetryRetention.DeletedPartition::date)
                .containsExactly(LocalDate.parse("2014-03-01"), LocalDate.parse("2016-12-01"), LocalDate.parse("2016-12-02"),
                        LocalDate.parse("2026-06-04"));
        assertThat(report.deleted()).allSatisfy(p -> {
            assertThat(p.tier()).isEqualTo("quarantine");
            assertThat(p.objects()).isEqualTo(2);
        });
        assertThat(report.objectsDeleted()).isEqualTo(8);
        assertThat(days(store, "quarantine/")).containsExactly("date=2026-06-05/", "date=2026-12-01/");
        assertThat(days(store, "readings/")).hasSize(6);
        assertThat(store.list("compaction/")).hasSize(1);
        assertThat(registry.get("lending.storage.retention.partitions.deleted").tag("tier", "quarantine").counter().count())
                .isEqualTo(4);
        assertThat(registry.get("lending.storage.retention.objects.deleted").tag("tier", "quarantine").counter().count())
                .isEqualTo(8);
    }

    @Test
    void deletesReadingsDaysOnlyOnceTheyAreOlderThanTheirRetention() {
        ObjectStore store = newStore();
        fill(store);
        RetentionSettings tenYears = new RetentionSettings(true, Duration.ofHours(1), Duration.ofDays(3653), Duration.ofDays(365));

        TelemetryRetention.Report report = new TelemetryRetention(store, tenYears, new SimpleMeterRegistry()).run(NOW);

        // 3653 days before 2026-12-02T06:00 is 2016-12-01T06:00: only days that ended by then go
        assertThat(report.deleted()).extracting(p -> p.tier() + " " + p.date())
                .containsExactly("readings 2014-03-01", "quarantine 2014-03-01", "quarantine 2016-12-01",
                        "quarantine 2016-12-02");
        assertThat(days(store, "readings/")).containsExactly("date=2016-12-01/", "date=2016-12-02/", "date=2026-06-04/",
                "date=2026-06-05/", "date=2026-12-01/");
        assertThat(store.list("readings/date=2016-12-01/")).hasSize(2);
        assertThat(days(store, "quarantine/")).containsExactly("date=2026-06-04/", "date=2026-06-05/", "date=2026-12-01/");

        assertThat(new TelemetryRetention(store, tenYears, new SimpleMeterRegistry()).run(NOW).deleted()).isEmpty();
    }

    private static RetentionSettings bindRetention(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("lending.storage.retention", RetentionSettings.class);
    }

    @Test
    void bindsDocumentedDefaults() {
        RetentionSettings retention = bindRetention(Map.of());
        CompactionSettings compaction = new Binder(new MapConfigurationPropertySource(Map.of()))
                .bindOrCreate("lending.storage.compaction", CompactionSettings.class);

        assertThat(retention).isEqualTo(RetentionSettings.defaults());
        assertThat(retention.readings()).isNull();
        assertThat(retention.quarantine()).isEqualTo(Duration.ofDays(180));
        assertThat(compaction).isEqualTo(CompactionSettings.defaults());
        assertThat(compaction.targetObjectSize()).isEqualTo(DataSize.ofMegabytes(128));
        assertThat(compaction.maxMergeSources()).isEqualTo(100);
        ReadSettings reads = new Binder(new MapConfigurationPropertySource(Map.of()))
                .bindOrCreate("lending.storage.read", ReadSettings.class);
        assertThat(reads).isEqualTo(ReadSettings.defaults());
        assertThat(reads.wholeObjectBelow()).isEqualTo(DataSize.ofMegabytes(8));
        assertThat(reads.readAhead()).isEqualTo(DataSize.ofMegabytes(1));
        assertThat(bindRetention(Map.of("lending.storage.retention.readings", "4000d")).readings()).isEqualTo(Duration.ofDays(4000));
    }

    @Test
    void refusesNonsenseSettingsNamingTheSettingAndTheLimit() {
        assertThatThrownBy(() -> bindRetention(Map.of("lending.storage.retention.readings", "90d")))
                .isInstanceOf(BindException.class)
                .rootCause()
                .hasMessageContaining("lending.storage.retention.readings (PT2160H = 90 days)")
                .hasMessageContaining("longest loan term (120 months, 3653 days)")
                .hasMessageContaining("unset to keep readings forever");
        assertThatThrownBy(() -> bindRetention(Map.of("lending.storage.retention.readings", "-1d")))
                .rootCause()
                .hasMessageContaining("lending.storage.retention.readings must not be negative: PT-24H");
        assertThatThrownBy(() -> bindRetention(Map.of("lending.storage.retention.quarantine", "-180d")))
                .rootCause()
                .hasMessageContaining("lending.storage.retention.quarantine must not be negative");
        assertThatThrownBy(() -> bindRetention(Map.of("lending.storage.retention.quarantine", "2h")))
                .rootCause()
                .hasMessageContaining("lending.storage.retention.quarantine (PT2H) must be at least PT24H");
        assertThatThrownBy(() -> bindRetention(Map.of("lending.storage.retention.interval", "0s")))
                .rootCause()
                .hasMessageContaining("lending.storage.retention.interval must be positive");
        assertThatThrownBy(() -> new Binder(new MapConfigurationPropertySource(Map.of(
                        "lending.storage.compaction.grace", "-5m")))
                .bindOrCreate("lending.storage.compaction", CompactionSettings.class))
                .rootCause()
                .hasMessageContaining("lending.storage.compaction.grace must not be negative: PT-5M");
        assertThatThrownBy(() -> new Binder(new MapConfigurationPropertySource(Map.of(
                        "lending.storage.compaction.row-group-size", "256MB")))
                .bindOrCreate("lending.storage.compaction", CompactionSettings.class))
                .rootCause()
                .hasMessageContaining("row-group-size (268435456B) must not exceed target-object-size (134217728B)");
        assertThatThrownBy(() -> new Binder(new MapConfigurationPropertySource(Map.of(
                        "lending.storage.compaction.max-merge-sources", "1")))
                .bindOrCreate("lending.storage.compaction", CompactionSettings.class))
                .rootCause()
                .hasMessageContaining("lending.storage.compaction.max-merge-sources must be at least 2: 1");
        assertThatThrownBy(() -> new Binder(new MapConfigurationPropertySource(Map.of(
                        "lending.storage.read.read-ahead", "0B")))
                .bindOrCreate("lending.storage.read", ReadSettings.class))
                .rootCause()
                .hasMessageContaining("lending.storage.read.read-ahead must be positive and at most 67108864B: 0B");
    }
}
