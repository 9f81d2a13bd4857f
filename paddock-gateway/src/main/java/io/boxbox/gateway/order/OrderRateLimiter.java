package io.boxbox.gateway.order;

import io.boxbox.gateway.problem.TooManyOrdersException;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A token bucket per username, so one hungry mechanic cannot flood the kitchen. */
@Singleton
public class OrderRateLimiter {

    /** Buckets idle this long are full again anyway; forgetting them keeps memory bounded. */
    private static final int MAX_BUCKETS = 100_000;

    private final RateLimitSettings settings;
    private final Clock clock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public OrderRateLimiter(RateLimitSettings settings) {
        this(settings, Clock.systemUTC());
    }

    OrderRateLimiter(RateLimitSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /** Takes one order from the person's bucket or throws with how long to wait. */
    public void admit(String username) {
        if (!settings.enabled()) {
            return;
        }
        if (buckets.size() > MAX_BUCKETS) {
            buckets.clear();
        }
        long now = clock.millis();
        Bucket bucket = buckets.computeIfAbsent(username, u -> new Bucket(settings.burst(), now));
        Duration wait = bucket.take(now, settings.burst(), settings.ordersPerMinute() / 60_000.0);
        if (!wait.isZero()) {
            throw new TooManyOrdersException(username, wait);
        }
    }

    private static final class Bucket {
        private double tokens;
        private long updatedAt;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.updatedAt = at;
        }

        synchronized Duration take(long now, int burst, double perMilli) {
            tokens = Math.min(burst, tokens + (now - updatedAt) * perMilli);
            updatedAt = now;
            if (tokens >= 1) {
                tokens -= 1;
                return Duration.ZERO;
            }
            return Duration.ofMillis((long) Math.ceil((1 - tokens) / perMilli));
        }
    }
}
