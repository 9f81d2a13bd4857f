package io.boxbox.driver.ride;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxbox.pacchetto.jetstream.JetStreamTopology;
import io.boxbox.pacchetto.jetstream.Topology;
import io.micronaut.context.annotation.Factory;
import io.nats.client.Connection;
import jakarta.inject.Singleton;

import java.io.IOException;

/** The ride book on KV {@code rides}, once the topology has created the bucket. */
@Factory
public class RideBookFactory {

    @Singleton
    RideBook rideBook(Connection connection, JetStreamTopology topology, ObjectMapper json) throws IOException {
        return new RideBook(connection.keyValue(Topology.RIDES_BUCKET), json);
    }
}
