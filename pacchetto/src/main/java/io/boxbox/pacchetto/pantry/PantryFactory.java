package io.boxbox.pacchetto.pantry;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxbox.pacchetto.jetstream.Buckets;
import io.boxbox.pacchetto.jetstream.Topology;
import io.micronaut.context.annotation.Factory;
import io.nats.client.Connection;
import jakarta.inject.Singleton;

import java.io.IOException;

/** The pantry for whichever service takes from it (panettiere, chef-sim, maestro) or looks at it (gateway). */
@Factory
public class PantryFactory {

    @Singleton
    Ingredients ingredients() {
        return new Ingredients();
    }

    @Singleton
    PantryMeter pantryMeter() {
        return new PantryMeter();
    }

    @Singleton
    Pantry pantry(Connection connection, Buckets buckets, PantrySettings settings, Ingredients ingredients,
                  ObjectMapper json, PantryMeter meter) throws IOException {
        return new Pantry(buckets.open(Topology.PANTRY_BUCKET), connection, settings, ingredients, json, meter);
    }
}
