package io.bankofthings.lending.web.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets by key (one per principal): each holds at most {@code capacity} tokens and gains them back evenly,
 * {@code capacity} per {@code refillPeriod}. A request takes one token; without one it is refused with the time
 * until the next token. Buckets that have refilled completely are dropped once more than {@link #MAX_IDLE_BUCKETS}
 * are kept, so memory stays bounded by the active principals.
 */
public final class TokenBuckets {

    /** Number of buckets kept before full (idle) ones are dropped. */
    static final int MAX_IDLE_BUCKETS = 10_000;

    private final int capacity;
    private final long nanosPerToken;
    private final Clock clock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    /**
     * @param capacity tokens a bucket holds at most, the allowed burst; at least 1
     * @param refillPeriod time in which an empty bucket refills completely; positive
     * @param clock time source, for tests
     */
    public TokenBuckets(int capacity, Duration refillPeriod, Clock clock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("Rate limit capacity must be at least 1: " + capacity);
        }
        if (refillPeriod.isNegative() || refillPeriod.isZero()) {
            throw new IllegalArgumentException("Rate limit refill period must be positive: " + refillPeriod);
        }
        this.capacity = capacity;
        this.nanosPerToken = Math.max(1, refillPeriod.toNanos() / capacity);
        this.clock = clock;
    }

    /**
     * Takes a token from the bucket of {@code key}.
     *
     * @return {@link Duration#ZERO} when a token was taken, else the time until the next token (positive)
     */
    public Duration tryTake(String key) {
        long now = nanos();
        if (buckets.size() > MAX_IDLE_BUCKETS) {
            dropFullBuckets(now);
        }
        var bucket = buckets.computeIfAbsent(key, k -> new Bucket(capacity, now));
        synchronized (bucket) {
            bucket.refill(now, capacity, nanosPerToken);
            if (bucket.tokens >= 1) {
                bucket.tokens--;
                return Duration.ZERO;
            }
            return Duration.ofNanos(nanosPerToken - (now - bucket.updatedNanos));
        }
    }

    /** Returns the burst size: tokens a full bucket holds. */
    public int capacity() {
        return capacity;
    }

    int size() {
        return buckets.size();
    }

    private void dropFullBuckets(long now) {
        for (Iterator<Bucket> it = buckets.values().iterator(); it.hasNext(); ) {
            var bucket = it.next();
            synchronized (bucket) {
                if (now - bucket.updatedNanos >= (capacity - bucket.tokens) * nanosPerToken) {
                    it.remove();
                }
            }
        }
    }

    private long nanos() {
        var instant = clock.instant();
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    /** Whole tokens left and the time the last token was added (or the bucket was created). */
    private static final class Bucket {
        long tokens;
        long updatedNanos;

        Bucket(long tokens, long now) {
            this.tokens = tokens;
            this.updatedNanos = now;
        }

        void refill(long now, int capacity, long nanosPerToken) {
            long gained = (now - updatedNanos) / nanosPerToken;
            if (gained <= 0) {
                return;
            }
            if (tokens + gained >= capacity) {
                tokens = capacity;
                updatedNanos = now;
            } else {
                tokens += gained;
                updatedNanos += gained * nanosPerToken;
            }
        }
    }
}
