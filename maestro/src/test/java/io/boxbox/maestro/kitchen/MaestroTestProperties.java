package io.boxbox.maestro.kitchen;

import io.boxbox.pacchetto.testing.PrivateNats;

import java.util.Map;

/** What a maestro test's Micronaut context needs: its own broker, time scale 0, a fixed seed, kitchens nowhere. */
public final class MaestroTestProperties {

    private MaestroTestProperties() {
    }

    public static Map<String, Object> on(PrivateNats nats) {
        return Map.of(
                "boxbox.nats.url", nats.url(),
                "boxbox.sim.time-scale", "0",
                "boxbox.sim.seed", "42",
                "boxbox.maestro.shutdown-grace", "1s",
                "boxbox.maestro.max-wait", "100ms",
                "grpc.server.port", "${random.port}",
                "grpc.channels.panettiere.address", "127.0.0.1:1",
                "grpc.channels.chef.address", "127.0.0.1:1",
                "grpc.channels.driver.address", "127.0.0.1:1");
    }
}
