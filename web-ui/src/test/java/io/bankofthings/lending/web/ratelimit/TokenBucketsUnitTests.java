package io.bankofthings.lending.web.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TokenBucketsUnitTests {

    /** A clock the test moves by hand. */
    static final class TestClock extends Clock {
        Instant now = Instant.parse("2026-12-01T10:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void allowsABurstOfCapacityThenRefusesWithTheTimeToTheNextToken() {
        var clock = new TestClock();
        var buckets = new TokenBuckets(3, Duration.ofSeconds(30), clock);

        assertThat(buckets.tryTake("bob")).isZero();
        assertThat(buckets.tryTake("bob")).isZero();
        assertThat(buckets.tryTake("bob")).isZero();
        assertThat(buckets.tryTake("bob")).isEqualTo(Duration.ofSeconds(10));

        clock.advance(Duration.ofSeconds(4));
        assertThat(buckets.tryTake("bob")).isEqualTo(Duration.ofSeconds(6));
    }

    @Test
    void refillsEvenlyAndNeverAboveCapacity() {
        var clock = new TestClock();
        var buckets = new TokenBuckets(2, Duration.ofSeconds(20), clock);
        buckets.tryTake("bob");
        buckets.tryTake("bob");

        clock.advance(Duration.ofSeconds(10));
        assertThat(buckets.tryTake("bob")).isZero();
        assertThat(buckets.tryTake("bob")).isPositive();

        clock.advance(Duration.ofHours(1));
        assertThat(buckets.tryTake("bob")).isZero();
        assertThat(buckets.tryTake("bob")).isZero();
        assertThat(buckets.tryTake("bob")).isPositive();
    }

    @Test
    void keepsOneBucketPerPrincipal() {
        var buckets = new TokenBuckets(1, Duration.ofMinutes(1), new TestClock());

        assertThat(buckets.tryTake("bob")).isZero();
        assertThat(buckets.tryTake("bob")).isPositive();
        assertThat(buckets.tryTake("carol")).isZero();
    }

    @Test
    void dropsRefilledBucketsWhenManyAreKept() {
        var clock = new TestClock();
        var buckets = new TokenBuckets(1, Duration.ofSeconds(1), clock);
        for (int i = 0; i <= TokenBuckets.MAX_IDLE_BUCKETS; i++) {
            buckets.tryTake("thing-" + i);
        }
        assertThat(buckets.size()).isEqualTo(TokenBuckets.MAX_IDLE_BUCKETS + 1);

        clock.advance(Duration.ofSeconds(2));
        buckets.tryTake("bob");
        assertThat(buckets.size()).isEqualTo(1);
    }

    @Test
    void refusesSettingsThatCannotWork() {
        assertThatThrownBy(() -> new TokenBuckets(0, Duration.ofMinutes(1), Clock.systemUTC()))
                .hasMessageContaining("capacity must be at least 1: 0");
        assertThatThrownBy(() -> new TokenBuckets(5, Duration.ZERO, Clock.systemUTC()))
                .hasMessageContaining("refill period must be positive: PT0S");
    }
}
