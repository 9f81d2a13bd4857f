package io.boxbox.pacchetto.crew;

import io.boxbox.pacchetto.sim.Chance;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * A recurring absence: every {@code every} of working time the person goes off for {@code lasts}
 * (simulated time), and with the current overrun chance stays away twice as long — the
 * panettiere oversleeping, the maestro oversmoking. The chance is read at each draw so fault
 * injection can change it at run time.
 */
public record Routine(AbsenceKind kind, Duration every, Duration lasts, Supplier<Chance> overrun) {

    public static Routine none() {
        return new Routine(AbsenceKind.ON_BREAK, Duration.ZERO, Duration.ZERO, () -> Chance.of(0));
    }

    public boolean isActive() {
        return every.isPositive() && lasts.isPositive();
    }
}
