package io.bankofthings.lending.web.ratelimit;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Rate limits per principal, bound from {@code lending.rate-limits.*}.
 *
 * @param enabled whether any limit applies
 * @param applications loan applications submitted (API and page form) per borrower
 * @param payments payments per thing
 */
@ConfigurationProperties("lending.rate-limits")
public record RateLimitSettings(
        @DefaultValue("true") boolean enabled,
        @DefaultValue({"10", "1h"}) Limit applications,
        @DefaultValue({"60", "1m"}) Limit payments) {

    /**
     * One limit: a burst of {@code capacity} requests, refilled evenly over {@code refillPeriod}.
     *
     * @param capacity requests allowed at once; at least 1
     * @param refillPeriod time in which the whole capacity comes back; positive
     */
    public record Limit(@DefaultValue("10") int capacity, @DefaultValue("1m") Duration refillPeriod) {}
}
