package io.boxbox.pacchetto.sim;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.random.RandomGenerator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VarianceAndChanceTest {

    private final RandomSource randomness = new RandomSource(42);

    @Test
    void doughTimeStaysBetweenBaseOverVarianceAndBaseTimesVariance() {
        Variance dough = new Variance(Duration.ofSeconds(6), 1.5);
        RandomGenerator random = randomness.stream("panettiere", "Gino", "work");
        Duration shortest = Duration.ofDays(1);
        Duration longest = Duration.ZERO;
        for (int i = 0; i < 10_000; i++) {
            Duration d = dough.draw(random);
            assertFalse(d.compareTo(Duration.ofSeconds(4)) < 0 || d.compareTo(Duration.ofSeconds(9)) > 0, d.toString());
            shortest = d.compareTo(shortest) < 0 ? d : shortest;
            longest = d.compareTo(longest) > 0 ? d : longest;
        }
        // the draws really spread over the whole range, not just its middle
        assertTrue(shortest.compareTo(Duration.ofMillis(4100)) < 0, shortest.toString());
        assertTrue(longest.compareTo(Duration.ofMillis(8900)) > 0, longest.toString());
    }

    @Test
    void aVarianceOfOneAlwaysTakesExactlyTheBase() {
        assertEquals(Duration.ofSeconds(3), new Variance(Duration.ofSeconds(3), 1.0).draw(randomness.stream("x")));
    }

    @Test
    void aVarianceBelowOneIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Variance(Duration.ofSeconds(3), 0.5));
    }

    @Test
    void aChanceHappensAtProbabilityTimesFactor() {
        Chance oversleeping = new Chance(0.1, 2);
        RandomGenerator random = randomness.stream("panettiere", "Pina", "routine");
        int draws = 20_000;
        int hits = 0;
        for (int i = 0; i < draws; i++) {
            hits += oversleeping.happens(random) ? 1 : 0;
        }
        assertEquals(0.2, hits / (double) draws, 0.01);
    }

    @Test
    void theSameSeedReplaysTheSameDraws() {
        RandomGenerator a = new RandomSource(7).stream("chef-sim", "Sofia", "work");
        RandomGenerator b = new RandomSource(7).stream("chef-sim", "Sofia", "work");
        RandomGenerator other = new RandomSource(7).stream("chef-sim", "Luca", "work");
        long first = a.nextLong();
        assertEquals(first, b.nextLong());
        assertTrue(first != other.nextLong(), "each person has their own stream");
    }

    @Test
    void atScaleZeroAWholeScheduleRunsInstantly() throws InterruptedException {
        SimClock clock = new SimClock(new TimeScale(0), java.time.Clock.systemUTC());
        for (int day = 0; day < 1_000; day++) {
            clock.spend(Duration.ofHours(8)); // a thousand eight-hour shifts, no waiting
        }
        assertEquals(Duration.ZERO, clock.scale().wallClock(Duration.ofHours(8)));
    }
}
