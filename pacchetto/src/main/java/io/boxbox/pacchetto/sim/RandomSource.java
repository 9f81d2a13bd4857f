package io.boxbox.pacchetto.sim;

import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Every random draw in Box Box comes from here, seeded with {@code boxbox.sim.seed}. Each person
 * and purpose gets an independent stream derived from the seed and its name, so one person's
 * oversleeping does not shift another's dough times, and a run with the same seed replays.
 */
@Singleton
public class RandomSource {

    private final long seed;

    public RandomSource(SimSettings settings) {
        this(settings.seed());
    }

    public RandomSource(long seed) {
        this.seed = seed;
    }

    public RandomGenerator stream(String... names) {
        long mixed = seed;
        for (String name : names) {
            for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
                mixed = (mixed ^ b) * 0x100000001B3L;
            }
            mixed = Long.rotateLeft(mixed, 17) ^ 0x9E3779B97F4A7C15L;
        }
        return new SplittableRandom(mixed);
    }
}
