package io.boxbox.driver.crew;

import io.boxbox.driver.delivery.DeliverySettings;
import io.boxbox.driver.delivery.DriverEndpoint;
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

/** The drivers: one delivery each, and a break between rides now and then. */
@Factory
class Fleet {

    @Singleton
    Crew drivers(DeliverySettings settings, Mishaps mishaps, RandomSource randomness, SimClock clock) {
        mishaps.declare(DriverEndpoint.DETOUR, Chance.of(settings.probabilityOfDetour()));
        Routine pause = new Routine(AbsenceKind.ON_BREAK, settings.breakEvery(), settings.breakDuration(), () -> Chance.of(0));
        return Crew.staff("driver-sim", settings.fleet(), 1, pause, null, randomness, clock.scale(), Clock.systemUTC(),
                new CrewObserver("driver-sim"));
    }
}
