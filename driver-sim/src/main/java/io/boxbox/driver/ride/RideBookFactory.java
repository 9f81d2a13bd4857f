package io.boxbox.driver.ride;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxbox.pacchetto.jetstream.Buckets;
import io.boxbox.pacchetto.jetstream.Topology;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

import java.io.IOException;

/** The ride book on KV {@code rides}, once the bucket exists (see pacchetto's Buckets). */
@Factory
public class RideBookFactory {

    @Singleton
    RideBook rideBook(Buckets buckets, ObjectMapper json) throws IOException {
        return new RideBook(buckets.open(Topology.RIDES_BUCKET), json);
    }
}
