package io.bankofthings.lending.web.ratelimit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Puts the limits on their endpoints: {@code applications} on {@code POST /api/loan-applications} and the page form
 * {@code POST /loans}, {@code payments} on {@code POST /api/things/{thingId}/payments}. Off with
 * {@code lending.rate-limits.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RateLimitSettings.class)
@ConditionalOnProperty(name = "lending.rate-limits.enabled", havingValue = "true", matchIfMissing = true)
class RateLimitConfiguration {

    static final String[] APPLICATION_PATHS = {"/api/loan-applications", "/loans"};
    static final String[] PAYMENT_PATHS = {"/api/things/*/payments"};

    @Bean
    WebMvcConfigurer rateLimits(RateLimitSettings settings, ObjectMapper json, ObjectProvider<MeterRegistry> registries) {
        MeterRegistry meters = registries.getIfAvailable(SimpleMeterRegistry::new);
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(interceptor("applications", settings.applications(), json, meters))
                        .addPathPatterns(APPLICATION_PATHS);
                registry.addInterceptor(interceptor("payments", settings.payments(), json, meters))
                        .addPathPatterns(PAYMENT_PATHS);
            }
        };
    }

    private static RateLimitInterceptor interceptor(String name, RateLimitSettings.Limit limit, ObjectMapper json,
            MeterRegistry meters) {
        var buckets = new TokenBuckets(limit.capacity(), limit.refillPeriod(), Clock.systemUTC());
        return new RateLimitInterceptor(name, buckets, json, meters);
    }
}
