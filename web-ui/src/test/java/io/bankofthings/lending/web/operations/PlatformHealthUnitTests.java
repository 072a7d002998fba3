package io.bankofthings.lending.web.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankofthings.lending.monitoring.Alerts;
import io.bankofthings.lending.storage.IngestionMeterNames;
import io.bankofthings.lending.storage.QuarantineStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

/** The console reads the ingestion meters by the shared names ({@link IngestionMeterNames}) ingestion registers. */
class PlatformHealthUnitTests {

    @Test
    void showsTheIngestionMetersRegisteredUnderTheSharedNames() {
        var registry = new SimpleMeterRegistry();
        Counter.builder(IngestionMeterNames.READINGS_STORED).register(registry).increment(42);
        Gauge.builder(IngestionMeterNames.SPOOL_SIZE, () -> 5).register(registry);
        Gauge.builder(IngestionMeterNames.LAG_SECONDS, () -> 1.5).register(registry);

        var view = health(registry).view();

        assertThat(view.readingsStored()).isEqualTo(42.0);
        assertThat(view.spoolSize()).isEqualTo(5.0);
        assertThat(view.lagSeconds()).isEqualTo(1.5);
    }

    @Test
    void showsNothingForMetersThisReplicaDoesNotHave() {
        var view = health(new SimpleMeterRegistry()).view();

        assertThat(view.readingsStored()).isNull();
        assertThat(view.spoolSize()).isNull();
        assertThat(view.lagSeconds()).isNull();
        assertThat(view.readingsPerSecond()).isNull();
    }

    private static PlatformHealth health(MeterRegistry registry) {
        var beans = new StaticListableBeanFactory();
        beans.addBean("registry", registry);
        return new PlatformHealth(beans.getBeanProvider(MeterRegistry.class), beans.getBeanProvider(QuarantineStore.class),
                beans.getBeanProvider(Alerts.class));
    }
}
