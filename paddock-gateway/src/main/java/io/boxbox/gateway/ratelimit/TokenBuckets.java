package io.boxbox.gateway.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.time.Clock;
import java.time.Duration;

/**
 * Token buckets by key (a username, an address). A bucket left alone for its refill time is full
 * again, exactly like a new one, so it is evicted then (Caffeine, expire after access): memory
 * follows the active clients, and nobody's allowance is reset by someone else's flood. Beyond
 * {@code maxBuckets} the least valuable are evicted first.
 */
final class TokenBuckets {

    private final int burst;
    private final double perMilli;
    private final Clock clock;
    private final Cache<String, Bucket> buckets;

    TokenBuckets(int burst, double perMinute, int maxBuckets, Clock clock) {
        this.burst = burst;
        this.perMilli = perMinute / 60_000.0;
        this.clock = clock;
        Duration refill = RateLimitSettings.refillTime(burst, perMinute);
        this.buckets = Caffeine.newBuilder()
                .expireAfterAccess(refill)
                .maximumSize(maxBuckets)
                .ticker(() -> clock.millis() * 1_000_000L)
                .executor(Runnable::run)
                .build();
    }

    /** Takes one token from the key's bucket; {@link Duration#ZERO} when there was one, else how long to wait. */
    Duration take(String key) {
        long now = clock.millis();
        return buckets.get(key, k -> new Bucket(burst, now)).take(now, burst, perMilli);
    }

    /** Buckets held now, after dropping the expired ones. */
    long held() {
        buckets.cleanUp();
        return buckets.estimatedSize();
    }

    private static final class Bucket {
        private double tokens;
        private long updatedAt;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.updatedAt = at;
        }

        synchronized Duration take(long now, int burst, double perMilli) {
            tokens = Math.min(burst, tokens + Math.max(0, now - updatedAt) * perMilli);
            updatedAt = now;
            if (tokens >= 1) {
                tokens -= 1;
                return Duration.ZERO;
            }
            return Duration.ofMillis((long) Math.ceil((1 - tokens) / perMilli));
        }
    }
}
