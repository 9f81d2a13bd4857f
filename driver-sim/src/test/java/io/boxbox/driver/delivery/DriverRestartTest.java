package io.boxbox.driver.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxbox.driver.gps.GpsDevices;
import io.boxbox.driver.ride.RideBook;
import io.boxbox.driver.ride.RideRecord;
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
import io.boxbox.pacchetto.testing.ManualClock;
import io.boxbox.pacchetto.testing.PrivateNats;
import io.boxbox.proto.common.v1.GeoPoint;
import io.boxbox.proto.driver.v1.DeliverRequest;
import io.boxbox.proto.driver.v1.DeliveryStage;
import io.boxbox.proto.driver.v1.DeliveryUpdate;
import io.boxbox.proto.driver.v1.DriverServiceGrpc;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A driver-sim killed mid-ride and started again (a freshly built endpoint: new crew, no rides in
 * memory) on the same JetStream: the order stays with the driver who picked it up. In-process
 * gRPC, a private nats-server, GPS off, fixed seed.
 */
class DriverRestartTest {

    private static final Instant OPENING = Instant.parse("2026-09-06T12:00:00Z");

    private static PrivateNats nats;
    private static Connection connection;
    private final ObjectMapper json = JsonConventions.apply(new ObjectMapper());
    private final List<Depot> depots = new ArrayList<>();

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
    void closeDepots() throws Exception {
        for (Depot depot : depots) {
            depot.kill();
        }
    }

    @Test
    void aRidePickedUpBeforeARestartIsFinishedByTheSameDriverFromWhereItShouldBe() throws Exception {
        String orderId = UUID.randomUUID().toString();
        ManualClock wall = new ManualClock(OPENING);
        // 0.3 km/h: the ride to the gate takes about an hour at time scale 1, so it is surely still under way when killed.
        Depot first = open(1, wall);
        Iterator<DeliveryUpdate> ride = DriverServiceGrpc.newBlockingStub(first.channel).deliver(toTheGate(orderId));
        assertEquals(DeliveryStage.DELIVERY_STAGE_ASSIGNED, ride.next().getStage());
        DeliveryUpdate pickup = ride.next();
        assertEquals(DeliveryStage.DELIVERY_STAGE_PICKED_UP, pickup.getStage());
        assertEquals(DeliveryStage.DELIVERY_STAGE_EN_ROUTE, ride.next().getStage());
        first.kill(); // kill -9 with the pizza in the car

        long rideSeconds = pickup.getEtaSeconds();
        wall.advance(Duration.ofSeconds(rideSeconds / 2));
        Depot restarted = open(0, wall);
        List<DeliveryUpdate> followed = new ArrayList<>();
        DriverServiceGrpc.newBlockingStub(restarted.channel).withDeadlineAfter(30, TimeUnit.SECONDS)
                .deliver(toTheGate(orderId)).forEachRemaining(followed::add);

        assertFalse(followed.stream().anyMatch(u -> u.getStage() == DeliveryStage.DELIVERY_STAGE_ASSIGNED),
                "a second driver was assigned: " + followed);
        assertTrue(followed.stream().allMatch(u -> u.getDriver().equals(pickup.getDriver())), "another driver: " + followed);
        assertEquals(1, followed.stream().filter(u -> u.getStage() == DeliveryStage.DELIVERY_STAGE_PICKED_UP).count());
        assertEquals(pickup.getAt(), followed.getFirst().getAt(), "the same pickup, not a new one");
        assertEquals(DeliveryStage.DELIVERY_STAGE_DELIVERED, followed.getLast().getStage());
        assertEquals(4, restarted.fleet.room(), "nobody of the new crew was sent");

        List<DeliveryUpdate> enRoute = followed.stream()
                .filter(u -> u.getStage() == DeliveryStage.DELIVERY_STAGE_EN_ROUTE).toList();
        assertFalse(enRoute.isEmpty(), "the rest of the ride is reported: " + followed);
        long gpsInterval = settings().gpsInterval().toSeconds();
        long resumedEta = enRoute.getFirst().getEtaSeconds();
        assertTrue(resumedEta <= rideSeconds / 2 + gpsInterval && resumedEta >= rideSeconds / 2 - gpsInterval,
                "resumed half-way (ride " + rideSeconds + " s), not from the pizzeria: ETA " + resumedEta + " s");

        RideRecord recorded = new RideBook(connection.keyValue(Topology.RIDES_BUCKET), json).find(orderId).orElseThrow();
        assertEquals(pickup.getDriver(), recorded.driver());
        assertTrue(recorded.delivered());
    }

    @Test
    void aDeliveredRideIsAnsweredDeliveredAtOnceAfterARestart() throws Exception {
        String orderId = UUID.randomUUID().toString();
        Depot first = open(0, Clock.systemUTC());
        List<DeliveryUpdate> delivered = new ArrayList<>();
        DriverServiceGrpc.newBlockingStub(first.channel).withDeadlineAfter(30, TimeUnit.SECONDS)
                .deliver(toTheGate(orderId)).forEachRemaining(delivered::add);
        assertEquals(DeliveryStage.DELIVERY_STAGE_DELIVERED, delivered.getLast().getStage());
        first.kill();

        Depot restarted = open(0, Clock.systemUTC());
        List<DeliveryUpdate> again = new ArrayList<>();
        DriverServiceGrpc.newBlockingStub(restarted.channel).withDeadlineAfter(30, TimeUnit.SECONDS)
                .deliver(toTheGate(orderId)).forEachRemaining(again::add);

        assertEquals(1, again.size(), "told DELIVERED at once, nothing ridden again: " + again);
        assertEquals(DeliveryStage.DELIVERY_STAGE_DELIVERED, again.getFirst().getStage());
        assertEquals(delivered.getLast().getDriver(), again.getFirst().getDriver());
        assertEquals(0, again.getFirst().getEtaSeconds());
    }

    private static DeliverySettings settings() {
        return new DeliverySettings(List.of("Kimi", "Nico", "Mika", "Jenson"), Duration.ZERO, 0.3, 1,
                Duration.ofMinutes(6), Duration.ofHours(10), Duration.ZERO, 0);
    }

    /** A driver-sim instance: its own crew, rides in memory and executor, sharing only JetStream. */
    private Depot open(double timeScale, Clock wall) throws Exception {
        DeliverySettings settings = settings();
        SimClock clock = new SimClock(new TimeScale(timeScale), wall);
        Crew fleet = Crew.staff("driver-sim", settings.fleet(), 1, null, null, new RandomSource(42), clock.scale(),
                Clock.systemUTC(), CrewListener.NONE);
        Mishaps mishaps = new Mishaps();
        mishaps.declare(DriverEndpoint.DETOUR, Chance.of(0));
        ServiceIdentity identity = new ServiceIdentity("driver-sim", "driver-test-" + depots.size());
        GpsDevices noGps = new GpsDevices(settings, new MqttSettings(false, "tcp://127.0.0.1:1", Duration.ofSeconds(1),
                Duration.ofSeconds(10)), null, null, identity);
        RideBook book = new RideBook(connection.keyValue(Topology.RIDES_BUCKET), json);
        ExecutorService executor = Executors.newCachedThreadPool();
        String name = InProcessServerBuilder.generateName();
        Server server = InProcessServerBuilder.forName(name).executor(executor)
                .addService(new DriverEndpoint(fleet, mishaps, settings, new PaddockMap(), clock, identity, noGps, new Rides(), book))
                .build().start();
        Depot depot = new Depot(server, executor, InProcessChannelBuilder.forName(name).build(), fleet);
        depots.add(depot);
        return depot;
    }

    private record Depot(Server server, ExecutorService executor, ManagedChannel channel, Crew fleet) {
        /** Everything stops at once, rides included (their threads are interrupted), as with kill -9. */
        void kill() throws InterruptedException {
            channel.shutdownNow();
            server.shutdownNow();
            executor.shutdownNow();
            executor.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static DeliverRequest toTheGate(String orderId) {
        return DeliverRequest.newBuilder().setOrderId(orderId)
                .setDestination(GeoPoint.newBuilder().setLat(45.6228).setLon(9.2849))
                .setDestinationName("Paddock gate (Vedano entrance)").build();
    }
}
