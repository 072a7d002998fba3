package io.bankofthings.lending.web.ratelimit;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Rate limits per principal, bound from {@code lending.rate-limits.*}.
 *
 * @param enabled whether any limit applies
 * @param applications loan applications submitted (API and page form) per borrower; default
 *     {@link #DEFAULT_APPLICATIONS}
 * @param payments payments per thing; default {@link #DEFAULT_PAYMENTS}
 */
@ConfigurationProperties("lending.rate-limits")
public record RateLimitSettings(
        @DefaultValue("true") boolean enabled,
        @Nullable Limit applications,
        @Nullable Limit payments) {

    /** Default limit on loan applications: 10 at once, refilled over an hour. */
    public static final Limit DEFAULT_APPLICATIONS = new Limit(10, Duration.ofHours(1));

    /** Default limit on payments: 60 at once, refilled over a minute. */
    public static final Limit DEFAULT_PAYMENTS = new Limit(60, Duration.ofMinutes(1));

    /** Fills a missing limit with its default. */
    public RateLimitSettings {
        applications = applications == null ? DEFAULT_APPLICATIONS : applications;
        payments = payments == null ? DEFAULT_PAYMENTS : payments;
    }

    /**
     * One limit: a burst of {@code capacity} requests, refilled evenly over {@code refillPeriod}.
     *
     * @param capacity requests allowed at once; at least 1
     * @param refillPeriod time in which the whole capacity comes back; positive
     */
    public record Limit(@DefaultValue("10") int capacity, @DefaultValue("1m") Duration refillPeriod) {}
}
