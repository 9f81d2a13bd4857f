package io.boxbox.maestro.crew;

import io.boxbox.pacchetto.crew.AbsenceKind;
import io.boxbox.pacchetto.crew.Crew;
import io.boxbox.pacchetto.crew.CrewObserver;
import io.boxbox.pacchetto.crew.Mishaps;
import io.boxbox.pacchetto.crew.Routine;
import io.boxbox.pacchetto.sim.Chance;
import io.boxbox.pacchetto.sim.RandomSource;
import io.boxbox.pacchetto.sim.SimClock;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

import java.time.Clock;

/** The maestri: each runs many orders at once, lunches on schedule and smokes after every order. */
@Factory
class MaestroCrew {

    static final String OVERSMOKE = "oversmoke";

    @Singleton
    Crew maestri(ShiftSettings settings, Mishaps mishaps, RandomSource randomness, SimClock clock) {
        mishaps.declare(OVERSMOKE, new Chance(settings.probabilityOfOversmoking(), settings.oversmokingFactor()));
        Routine lunch = new Routine(AbsenceKind.AT_LUNCH, settings.periodBetweenLunch(), settings.lunchDuration(),
                () -> Chance.of(0));
        Routine smoke = new Routine(AbsenceKind.SMOKING, settings.smokeDuration(), settings.smokeDuration(),
                () -> mishaps.chance(OVERSMOKE));
        return Crew.staff("maestro", settings.crew(), settings.ordersPerPerson(), lunch, smoke, randomness, clock.scale(),
                Clock.systemUTC(), new CrewObserver("maestro"));
    }
}
