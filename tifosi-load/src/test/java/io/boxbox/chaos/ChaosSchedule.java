package io.boxbox.chaos;

import io.boxbox.pacchetto.sim.RandomSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * When the run strikes, decided up front from a seed so that a run can be replayed: every kind of
 * service is killed ({@code kill -9}, then restarted) once and the nats-server restarted twice, in
 * a shuffled order, one fault in each of as many equal slots of the window, at a random point of
 * the slot's middle half (so two faults are never on top of each other and the mesh has recovered
 * from one before the next).
 */
public final class ChaosSchedule {

    /** The services a chaos run kills, as {@link io.boxbox.e2e.Mesh} names them. */
    public static final List<String> VICTIMS = List.of("paddock-gateway", "maestro", "panettiere", "chef-sim", "driver-sim");
    public static final int NATS_RESTARTS = 2;

    /** A fault to inject {@code after} the start of the window; {@code target} is a service or {@code nats-server}. */
    public record Strike(Duration after, Fault.Kind kind, String target) {
    }

    private ChaosSchedule() {
    }

    public static List<Strike> plan(long seed, Duration window) {
        RandomGenerator random = new RandomSource(seed).stream("chaos", "schedule");
        List<Strike> unplaced = new ArrayList<>();
        VICTIMS.forEach(service -> unplaced.add(new Strike(Duration.ZERO, Fault.Kind.KILL, service)));
        for (int i = 0; i < NATS_RESTARTS; i++) {
            unplaced.add(new Strike(Duration.ZERO, Fault.Kind.NATS_RESTART, "nats-server"));
        }
        // Fisher–Yates with the seeded stream (Collections.shuffle would want a java.util.Random)
        for (int i = unplaced.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            unplaced.set(i, unplaced.set(j, unplaced.get(i)));
        }
        long slot = window.toMillis() / unplaced.size();
        List<Strike> plan = new ArrayList<>();
        for (int i = 0; i < unplaced.size(); i++) {
            long at = i * slot + slot / 4 + random.nextLong(Math.max(1, slot / 2));
            plan.add(new Strike(Duration.ofMillis(at), unplaced.get(i).kind(), unplaced.get(i).target()));
        }
        plan.sort(Comparator.comparing(Strike::after));
        return List.copyOf(plan);
    }
}
