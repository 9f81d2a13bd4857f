package io.boxbox.pacchetto.sim;

import java.time.Duration;

/** Turns a simulated duration into the wall-clock time it takes at this scale. */
public record TimeScale(double factor) {

    public TimeScale {
        if (!(factor >= 0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("time scale must be a finite number >= 0, was " + factor);
        }
    }

    public Duration wallClock(Duration simulated) {
        if (factor == 0 || simulated.isZero() || simulated.isNegative()) {
            return Duration.ZERO;
        }
        return Duration.ofNanos(Math.round(simulated.toNanos() * factor));
    }
}
