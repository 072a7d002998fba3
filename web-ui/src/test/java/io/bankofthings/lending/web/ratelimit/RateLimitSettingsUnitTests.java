package io.bankofthings.lending.web.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class RateLimitSettingsUnitTests {

    private static RateLimitSettings bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("lending.rate-limits", RateLimitSettings.class);
    }

    @Test
    void defaultsApplyWithoutProperties() {
        var settings = bind(Map.of());

        assertThat(settings.enabled()).isTrue();
        assertThat(settings.applications()).isEqualTo(new RateLimitSettings.Limit(10, Duration.ofHours(1)));
        assertThat(settings.payments()).isEqualTo(new RateLimitSettings.Limit(60, Duration.ofMinutes(1)));
    }

    @Test
    void bindsEachLimitFromProperties() {
        var settings = bind(Map.of(
                "lending.rate-limits.applications.capacity", "3",
                "lending.rate-limits.applications.refill-period", "15m",
                "lending.rate-limits.payments.capacity", "500"));

        assertThat(settings.applications()).isEqualTo(new RateLimitSettings.Limit(3, Duration.ofMinutes(15)));
        assertThat(settings.payments()).isEqualTo(new RateLimitSettings.Limit(500, Duration.ofMinutes(1)));
    }
}
