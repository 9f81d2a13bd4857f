package io.boxbox.driver.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxbox.driver.gps.GpsDevices;
import io.boxbox.driver.ride.RideBook;
import io.boxbox.pacchetto.crew.Crew;
import io.boxbox.pacchetto.crew.CrewListener;
import io.boxbox.pacchetto.crew.Mishaps;
import io.boxbox.pacchetto.gps.MqttSettings;
import io.boxbox.pacchetto.identity.ServiceIdentity;
import io.boxbox.pacchetto.jetstream.JetStreamTopology;
import io.boxbox.pacchetto.jetstream.Topology;
import io.boxbox.pacchetto.json.JsonConventions;
import io.boxbox.pacchetto.menu.PaddockMap;
import io.boxbox.pacchetto.sim.Chance;
import io.boxbox.pacchetto.sim.RandomSource;
import io.boxbox.pacchetto.sim.SimClock;
import io.boxbox.pacchetto.sim.TimeScale;
import io.boxbox.pacchetto.testing.PrivateNats;
import io.boxbox.proto.common.v1.GeoPoint;
import io.boxbox.proto.driver.v1.DeliverRequest;
import io.boxbox.proto.driver.v1.DeliveryStage;
import io.boxbox.proto.driver.v1.DeliveryUpdate;
import io.boxbox.proto.driver.v1.DriverServiceGrpc;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.nats.client.Connection;
import io.nats.client.Nats;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Deliver on an in-process server with a private nats-server for KV rides, GPS off, fixed seed. The ride runs at real time over a long
 * pickup or ride, so a test can hang up in the middle of it.
 */
class DriverEndpointTest {

    private static PrivateNats nats;
    private static Connection connection;

    private Server server;
    private ManagedChannel channel;
    private Crew fleet;

    @BeforeAll
    static void startNats() throws Exception {
        nats = new PrivateNats();
        connection = Nats.connect(nats.url());
        new JetStreamTopology(connection, Duration.ofDays(7)).ensure();
    }

    @AfterAll
    static void stopNats() throws Exception {
        connection.close();
        nats.close();
    }

    @AfterEach
    void closeDepot() throws Exception {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void redeliveredDeliverReattachesToTheSameDriver() throws Exception {
        // 0.002: a ride of a few hundred metres at 18 km/h takes a couple of hundred ms, with several fixes.
        open(0.002, Duration.ZERO);
        DriverServiceGrpc.DriverServiceBlockingStub depot = DriverServiceGrpc.newBlockingStub(channel);
        String orderId = UUID.randomUUID().toString();
        String driver;
        try (Context.CancellableContext firstMaestro = Context.current().withCancellation()) {
            Iterator<DeliveryUpdate> ride = firstMaestro.call(() -> depot.deliver(toTheGate(orderId)));
            assertEquals(DeliveryStage.DELIVERY_STAGE_ASSIGNED, ride.next().getStage());
            DeliveryUpdate pickup = ride.next();
            assertEquals(DeliveryStage.DELIVERY_STAGE_PICKED_UP, pickup.getStage());
            driver = pickup.getDriver();

            firstMaestro.cancel(null); // the maestro died with the pizza in the car
        }

        List<DeliveryUpdate> followed = new ArrayList<>();
        depot.withDeadlineAfter(30, TimeUnit.SECONDS).deliver(toTheGate(orderId)).forEachRemaining(followed::add);

        assertFalse(followed.stream().anyMatch(u -> u.getStage() == DeliveryStage.DELIVERY_STAGE_ASSIGNED),
                "a second driver was assigned: " + followed);
        assertEquals(DeliveryStage.DELIVERY_STAGE_DELIVERED, followed.get(followed.size() - 1).getStage());
        assertTrue(followed.stream().allMatch(u -> u.getDriver().equals(driver)), "another driver: " + followed);
    }

    @Test
    void cancelledDeliveryBeforePickupFreesTheDriver() throws Exception {
        open(1, Duration.ofHours(2));
        DriverServiceGrpc.DriverServiceBlockingStub depot = DriverServiceGrpc.newBlockingStub(channel);
        try (Context.CancellableContext maestro = Context.current().withCancellation()) {
            Iterator<DeliveryUpdate> ride = maestro.call(() -> depot.deliver(toTheGate(UUID.randomUUID().toString())));
            assertEquals(DeliveryStage.DELIVERY_STAGE_ASSIGNED, ride.next().getStage());
            assertEquals(3, fleet.room());

            maestro.cancel(null);
        }

        awaitGenerously("the driver still waits for a pizza nobody wants", () -> fleet.room() == 4);
    }

    private void open(double timeScale, Duration pickup) throws Exception {
        DeliverySettings settings = new DeliverySettings(List.of("Kimi", "Nico", "Mika", "Jenson"), pickup, 18, 1,
                Duration.ofSeconds(5), Duration.ofHours(1), Duration.ZERO, 0);
        SimClock clock = new SimClock(new TimeScale(timeScale), Clock.systemUTC());
        fleet = Crew.staff("driver-sim", settings.fleet(), 1, null, null, new RandomSource(42), clock.scale(),
                Clock.systemUTC(), CrewListener.NONE);
        Mishaps mishaps = new Mishaps();
        mishaps.declare(DriverEndpoint.DETOUR, Chance.of(0));
        ServiceIdentity identity = new ServiceIdentity("driver-sim", "driver-test");
        GpsDevices noGps = new GpsDevices(settings, new MqttSettings(false, "tcp://127.0.0.1:1", Duration.ofSeconds(1),
                Duration.ofSeconds(10)), null, null, identity);
        String name = InProcessServerBuilder.generateName();
        server = InProcessServerBuilder.forName(name)
                .addService(new DriverEndpoint(fleet, mishaps, settings, new PaddockMap(), clock, identity, noGps, new Rides(),
                        new RideBook(connection.keyValue(Topology.RIDES_BUCKET), JsonConventions.apply(new ObjectMapper()))))
                .build().start();
        channel = InProcessChannelBuilder.forName(name).build();
    }

    private static DeliverRequest toTheGate(String orderId) {
        return DeliverRequest.newBuilder().setOrderId(orderId)
                .setDestination(GeoPoint.newBuilder().setLat(45.6228).setLon(9.2849))
                .setDestinationName("Paddock gate (Vedano entrance)").build();
    }

    private static void awaitGenerously(String failure, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(10);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(failure);
            }
            Thread.sleep(20);
        }
    }
}
