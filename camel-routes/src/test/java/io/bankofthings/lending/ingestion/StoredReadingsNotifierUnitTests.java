package io.bankofthings.lending.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankofthings.lending.storage.StoredReadingsListener;
import io.bankofthings.lending.storage.TelemetryMetrics;
import io.bankofthings.lending.storage.TelemetryReading;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

class StoredReadingsNotifierUnitTests {

    private static final TelemetryReading READING =
            new TelemetryReading("press-1", Instant.parse("2026-11-30T10:00:00Z"), 1, 1.0, 2.0, TelemetryMetrics.NONE);

    @Test
    void handsTheStoredBatchToEveryListenerEvenWhenOneFails() {
        var received = new ArrayList<List<TelemetryReading>>();
        var beans = new StaticListableBeanFactory();
        beans.addBean("failing", (StoredReadingsListener) readings -> {
            throw new IllegalStateException("rules down");
        });
        beans.addBean("recording", (StoredReadingsListener) received::add);
        var notifier = new StoredReadingsNotifier(beans.getBeanProvider(StoredReadingsListener.class));

        notifier.notifyStored(List.of(READING));

        assertThat(received).containsExactly(List.of(READING));
    }

    @Test
    void ignoresAnEmptyBatchAndWorksWithoutListeners() {
        var received = new ArrayList<List<TelemetryReading>>();
        var beans = new StaticListableBeanFactory();
        beans.addBean("recording", (StoredReadingsListener) received::add);

        new StoredReadingsNotifier(beans.getBeanProvider(StoredReadingsListener.class)).notifyStored(List.of());
        new StoredReadingsNotifier(new StaticListableBeanFactory().getBeanProvider(StoredReadingsListener.class))
                .notifyStored(List.of(READING));

        assertThat(received).isEmpty();
    }
}
