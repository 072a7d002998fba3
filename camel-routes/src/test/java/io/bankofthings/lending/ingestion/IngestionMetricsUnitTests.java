package io.bankofthings.lending.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankofthings.lending.storage.IngestionMeterNames;
import io.bankofthings.lending.storage.TelemetryBatchStored;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The meters land under the shared names the operations console reads ({@link IngestionMeterNames}). */
class IngestionMetricsUnitTests {

    @Test
    void registersItsMetersUnderTheSharedNames() {
        var registry = new SimpleMeterRegistry();
        var metrics = new IngestionMetrics(registry);
        metrics.registerSpool(ignored -> 7, () -> Duration.ofSeconds(90));

        metrics.batchStored(new TelemetryBatchStored(List.of("readings/a.parquet"), 3, 4_096));
        metrics.readingsAccepted(3, true);
        metrics.readingsSpooled(2);
        metrics.messageQuarantined(RejectionReason.BAD_SIGNATURE);
        metrics.lag(Instant.parse("2026-12-02T10:00:00Z"), Instant.parse("2026-12-02T10:00:04.5Z"));

        assertThat(registry.get(IngestionMeterNames.READINGS_STORED).counter().count()).isEqualTo(3);
        assertThat(registry.get(IngestionMeterNames.BATCHES_STORED).counter().count()).isEqualTo(1);
        assertThat(registry.get(IngestionMeterNames.BYTES_STORED).counter().count()).isEqualTo(4_096);
        assertThat(registry.get(IngestionMeterNames.READINGS_SPOOLED).counter().count()).isEqualTo(2);
        assertThat(registry.get(IngestionMeterNames.READINGS_ACCEPTED).tag(IngestionMeterNames.TRANSPORT_TAG, "webhook")
                .counter().count()).isEqualTo(3);
        assertThat(registry.get(IngestionMeterNames.MESSAGES_QUARANTINED)
                .tag(IngestionMeterNames.REASON_TAG, RejectionReason.BAD_SIGNATURE.name()).counter().count()).isEqualTo(1);
        assertThat(registry.get(IngestionMeterNames.SPOOL_SIZE).gauge().value()).isEqualTo(7);
        assertThat(registry.get(IngestionMeterNames.SPOOL_AGE_SECONDS).gauge().value()).isEqualTo(90);
        assertThat(registry.get(IngestionMeterNames.LAG_SECONDS).gauge().value()).isEqualTo(4.5);
    }
}
