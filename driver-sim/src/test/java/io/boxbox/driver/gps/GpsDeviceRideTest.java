package io.boxbox.driver.gps;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxbox.pacchetto.gps.GpsTopics;
import io.boxbox.pacchetto.gps.LocationFix;
import io.boxbox.pacchetto.gps.MqttLink;
import io.boxbox.pacchetto.json.JsonConventions;
import io.boxbox.pacchetto.menu.PaddockMap;
import io.boxbox.pacchetto.order.GeoPoint;
import io.boxbox.pacchetto.testing.PrivateMosquitto;
import io.boxbox.pacchetto.testing.PrivateNats;
import io.boxbox.proto.common.v1.GeoPoint.Builder;
import io.boxbox.proto.driver.v1.DeliverRequest;
import io.boxbox.proto.driver.v1.DeliveryStage;
import io.boxbox.proto.driver.v1.DeliveryUpdate;
import io.boxbox.proto.driver.v1.DriverServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.micronaut.context.annotation.Value;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real ride with a real broker: the driver's device, logged in with its own password, publishes
 * the ride on its own topic, and what the gateway's user hears follows the gRPC stream.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GpsDeviceRideTest implements TestPropertyProvider {

    private static final GeoPoint PADDOCK_GATE = new GeoPoint(45.6228, 9.2849);

    private PrivateNats nats;
    private PrivateMosquitto mosquitto;
    private MqttLink gateway;
    private final List<String> heard = new CopyOnWriteArrayList<>();
    private final ObjectMapper json = JsonConventions.apply(new ObjectMapper());

    @Inject
    GpsDevices devices;

    @Value("${grpc.server.port}")
    int grpcPort;

    @Override
    public Map<String, String> getProperties() {
        try {
            nats = new PrivateNats();
            mosquitto = new PrivateMosquitto();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        Map<String, String> properties = new HashMap<>(mosquitto.properties());
        properties.put("boxbox.nats.url", nats.url());
        properties.put("grpc.server.port", "${random.port}");
        // 0.01, not 0.001: a ride resumes at the leg the clock says it should be on, so at 0.001 a
        // 40 ms stall of a busy machine skipped legs (a suite run saw fewer than three fixes).
        properties.put("boxbox.sim.time-scale", "0.01");
        properties.put("boxbox.driver.fleet", "Kimi");
        properties.put("boxbox.driver.probability-of-detour", "0");
        properties.put("boxbox.driver.break-every", "0s");
        return properties;
    }

    @AfterAll
    void stopBrokers() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        mosquitto.close();
        nats.close();
    }

    @Test
    void kimisDevicePublishesTheRideOnHerOwnTopicFromTheFirstLegToTheDoor() throws Exception {
        gateway = MqttLink.open(mosquitto.settings(), "gateway-ride-test", "paddock-gateway", mosquitto.gatewayPassword(),
                null, link -> link.subscribe(GpsTopics.ALL_LOCATIONS),
                (topic, message) -> heard.add(topic + " " + new String(message.getPayload(), StandardCharsets.UTF_8)));
        await(() -> gateway.isConnected() && devices.of("Kimi").orElseThrow().isConnected());

        String orderId = UUID.randomUUID().toString();
        List<DeliveryUpdate> updates = deliver(orderId, PADDOCK_GATE);
        List<DeliveryUpdate> enRoute = updates.stream().filter(u -> u.getStage() == DeliveryStage.DELIVERY_STAGE_EN_ROUTE).toList();
        await(() -> heard.size() >= enRoute.size());

        List<LocationFix> fixes = new ArrayList<>();
        for (String message : heard) {
            assertTrue(message.startsWith("boxbox/drivers/kimi/location "), message);
            fixes.add(json.readValue(message.substring(message.indexOf(' ') + 1), LocationFix.class));
        }
        assertEquals(enRoute.size(), fixes.size(), "one fix per leg");
        assertTrue(fixes.size() >= 3, "a few fixes even on a short ride");
        for (int i = 0; i < fixes.size(); i++) {
            LocationFix fix = fixes.get(i);
            assertEquals("kimi", fix.driverId());
            assertEquals(orderId, fix.orderId());
            if (i + 1 < enRoute.size()) {
                // the device reports where each leg ended: where the gRPC stream's next update is
                assertEquals(enRoute.get(i + 1).getPosition().getLat(), fix.lat(), 1e-9);
                assertEquals(enRoute.get(i + 1).getPosition().getLon(), fix.lon(), 1e-9);
                assertTrue(fix.speedKmh() > 0);
            }
            if (i > 0) {
                assertTrue(PaddockMap.distanceKm(fix.position(), PADDOCK_GATE)
                        < PaddockMap.distanceKm(fixes.get(i - 1).position(), PADDOCK_GATE), "closer with every fix");
                assertTrue(fix.ts().isAfter(fixes.get(i - 1).ts()));
            }
            // the paddock gate is north-east of the pizzeria
            assertTrue(fix.heading() > 0 && fix.heading() < 90, "heading " + fix.heading());
        }
        LocationFix last = fixes.getLast();
        assertEquals(0, PaddockMap.distanceKm(last.position(), PADDOCK_GATE), 1e-6, "the last fix is at the door");
        assertEquals(0, last.speedKmh());
    }

    private List<DeliveryUpdate> deliver(String orderId, GeoPoint to) {
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
        try {
            Builder destination = io.boxbox.proto.common.v1.GeoPoint.newBuilder().setLat(to.lat()).setLon(to.lon());
            List<DeliveryUpdate> updates = new ArrayList<>();
            DriverServiceGrpc.newBlockingStub(channel)
                    .deliver(DeliverRequest.newBuilder().setOrderId(orderId).setDestination(destination)
                            .setDestinationName("Paddock gate").build())
                    .forEachRemaining(updates::add);
            return updates;
        } finally {
            channel.shutdownNow();
        }
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (!condition.getAsBoolean()) {
            assertTrue(Instant.now().isBefore(deadline), "timed out");
            Thread.sleep(10);
        }
    }
}
