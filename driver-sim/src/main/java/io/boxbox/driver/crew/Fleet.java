package io.boxbox.driver.crew;

import io.boxbox.driver.delivery.DeliverySettings;
import io.boxbox.pacchetto.crew.Crew;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

import java.time.Clock;

@Factory
class Fleet {

    @Singleton
    Crew drivers(DeliverySettings settings) {
        return new Crew(settings.fleet(), Clock.systemUTC());
    }
}
