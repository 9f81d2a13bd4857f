package io.boxbox.pacchetto.sim;

import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The one place where simulated people spend time. Nothing else in Box Box sleeps, so a test or a
 * replay controls every wait through the time scale.
 */
@Singleton
public class SimClock {

    private final TimeScale scale;
    private final Clock wall;

    public SimClock(SimSettings settings) {
        this(new TimeScale(settings.timeScale()), Clock.systemUTC());
    }

    public SimClock(TimeScale scale, Clock wall) {
        this.scale = scale;
        this.wall = wall;
    }

    public Instant now() {
        return wall.instant();
    }

    public TimeScale scale() {
        return scale;
    }

    /** Spends {@code simulated} time, scaled to wall-clock time; returns at once at scale 0. */
    public void spend(Duration simulated) throws InterruptedException {
        Duration real = scale.wallClock(simulated);
        if (!real.isZero()) {
            Thread.sleep(real);
        }
    }

    /**
     * Waits real time, unscaled: for hints that a service already expressed in wall-clock time
     * (a retry-after) and for back-off against a broker outage.
     */
    public void waitWallClock(Duration real) throws InterruptedException {
        if (real.isPositive()) {
            Thread.sleep(real);
        }
    }

    /**
     * Waits real time, unscaled, on {@code monitor} (whose lock the caller holds) until somebody
     * notifies it: a crew member's hands coming free. Returns the time left of {@code real}
     * (zero or less once it is over), so the caller can wait again after a wake-up that did not
     * bring what it waited for.
     */
    public Duration waitWallClock(Object monitor, Duration real) throws InterruptedException {
        if (!real.isPositive()) {
            return Duration.ZERO;
        }
        long start = System.nanoTime();
        TimeUnit.NANOSECONDS.timedWait(monitor, real.toNanos());
        return real.minusNanos(System.nanoTime() - start);
    }

    /** Takes one of {@code permits} (an oven slot), waiting real time, unscaled, up to {@code real} for one to come free. */
    public boolean acquireWithin(Semaphore permits, Duration real) throws InterruptedException {
        if (!real.isPositive()) {
            return permits.tryAcquire();
        }
        return permits.tryAcquire(real.toNanos(), TimeUnit.NANOSECONDS);
    }
}
