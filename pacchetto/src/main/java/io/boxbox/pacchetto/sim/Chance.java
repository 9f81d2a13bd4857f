package io.boxbox.pacchetto.sim;

import java.util.random.RandomGenerator;

/**
 * A mishap's odds as the original Box Box configured them: a probability times a factor
 * (e.g. {@code probability-of-oversleeping × oversleeping-factor}), capped at certainty.
 */
public record Chance(double probability, double factor) {

    public Chance {
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("probability must be between 0 and 1, was " + probability);
        }
        if (!(factor >= 0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("factor must be a finite number >= 0, was " + factor);
        }
    }

    public static Chance of(double probability) {
        return new Chance(probability, 1.0);
    }

    public double effective() {
        return Math.min(1.0, probability * factor);
    }

    public boolean happens(RandomGenerator random) {
        return random.nextDouble() < effective();
    }
}
