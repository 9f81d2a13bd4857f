package io.boxbox.pacchetto.crew;

import io.boxbox.pacchetto.sim.Chance;
import jakarta.inject.Singleton;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The odds of every mishap this service can have (oversleep, oversmoke, burn, detour), starting
 * from configuration and changeable at run time through fault injection, like a feature flag.
 */
@Singleton
public class Mishaps {

    private final Map<String, Chance> chances = new ConcurrentHashMap<>();

    /** Declares a mishap with its configured odds; called once by the service that has it. */
    public void declare(String name, Chance configured) {
        chances.putIfAbsent(name, configured);
    }

    public Chance chance(String name) {
        Chance chance = chances.get(name);
        if (chance == null) {
            throw new IllegalArgumentException("no mishap called " + name + " here; known: " + chances.keySet());
        }
        return chance;
    }

    /** Sets the effective probability (factor 1); returns the previous odds, or empty for an unknown mishap. */
    public Optional<Chance> set(String name, double probability) {
        if (!chances.containsKey(name)) {
            return Optional.empty();
        }
        return Optional.ofNullable(chances.put(name, Chance.of(probability)));
    }

    public Map<String, Double> effective() {
        Map<String, Double> odds = new TreeMap<>();
        chances.forEach((name, chance) -> odds.put(name, chance.effective()));
        return odds;
    }
}
