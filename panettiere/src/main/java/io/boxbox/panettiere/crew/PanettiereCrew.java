package io.boxbox.panettiere.crew;

import io.boxbox.pacchetto.crew.Crew;
import io.boxbox.panettiere.dough.DoughSettings;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

import java.time.Clock;

@Factory
class PanettiereCrew {

    @Singleton
    Crew doughCrew(DoughSettings settings) {
        return new Crew(settings.crew(), Clock.systemUTC());
    }
}
