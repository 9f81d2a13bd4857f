package io.boxbox.pacchetto.sim;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How long a person really takes: uniform between {@code base / variance} and
 * {@code base × variance}, as the original panettiere did. A variance of 1 means always exactly base.
 */
public record Variance(Duration base, double variance) {

    public Variance {
        if (base.isNegative()) {
            throw new IllegalArgumentException("base duration must not be negative, was " + base);
        }
        if (!(variance >= 1.0) || Double.isInfinite(variance)) {
            throw new IllegalArgumentException("variance must be a number >= 1, was " + variance);
        }
    }

    public Duration shortest() {
        return Duration.ofNanos(Math.round(base.toNanos() / variance));
    }

    public Duration longest() {
        return Duration.ofNanos(Math.round(base.toNanos() * variance));
    }

    public Duration draw(RandomGenerator random) {
        long low = shortest().toNanos();
        long high = longest().toNanos();
        return high <= low ? Duration.ofNanos(low) : Duration.ofNanos(random.nextLong(low, high + 1));
    }
}
