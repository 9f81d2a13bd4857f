package io.boxbox.panettiere.crew;

import io.boxbox.pacchetto.crew.AbsenceKind;
import io.boxbox.pacchetto.crew.Crew;
import io.boxbox.pacchetto.crew.CrewObserver;
import io.boxbox.pacchetto.crew.Mishaps;
import io.boxbox.pacchetto.crew.Routine;
import io.boxbox.pacchetto.sim.Chance;
import io.boxbox.pacchetto.sim.RandomSource;
import io.boxbox.pacchetto.sim.SimClock;
import io.boxbox.panettiere.dough.DoughSettings;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

import java.time.Clock;

/** The panettieri: one dough at a time each, and a nap every so often. */
@Factory
class PanettiereCrew {

    static final String OVERSLEEP = "oversleep";

    @Singleton
    Crew doughCrew(DoughSettings settings, Mishaps mishaps, RandomSource randomness, SimClock clock) {
        mishaps.declare(OVERSLEEP, new Chance(settings.probabilityOfOversleeping(), settings.oversleepingFactor()));
        Routine sleep = new Routine(AbsenceKind.ASLEEP, settings.periodBetweenSleep(), settings.sleepDuration(),
                () -> mishaps.chance(OVERSLEEP));
        return Crew.staff("panettiere", settings.crew(), 1, sleep, null, randomness, clock.scale(), Clock.systemUTC(),
                new CrewObserver("panettiere"));
    }
}
