package io.boxbox.chef.crew;

import io.boxbox.chef.kitchen.ChefEndpoint;
import io.boxbox.chef.kitchen.KitchenSettings;
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

/** The chefs: one pizza on the bench each, and an espresso now and then. */
@Factory
class ChefCrew {

    @Singleton
    Crew chefs(KitchenSettings settings, Mishaps mishaps, RandomSource randomness, SimClock clock) {
        mishaps.declare(ChefEndpoint.BURN, Chance.of(settings.probabilityOfBurning()));
        Routine espresso = new Routine(AbsenceKind.ON_BREAK, settings.espressoEvery(), settings.espressoDuration(),
                () -> Chance.of(0));
        return Crew.staff("chef-sim", settings.crew(), 1, espresso, null, randomness, clock.scale(), Clock.systemUTC(),
                new CrewObserver("chef-sim"));
    }
}
