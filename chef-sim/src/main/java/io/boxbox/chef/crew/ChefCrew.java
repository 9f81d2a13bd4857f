package io.boxbox.chef.crew;

import io.boxbox.chef.kitchen.KitchenSettings;
import io.boxbox.pacchetto.crew.Crew;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

import java.time.Clock;

@Factory
class ChefCrew {

    @Singleton
    Crew chefs(KitchenSettings settings) {
        return new Crew(settings.crew(), Clock.systemUTC());
    }
}
