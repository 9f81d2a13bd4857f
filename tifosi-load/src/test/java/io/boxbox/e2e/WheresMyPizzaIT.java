package io.boxbox.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxbox.pacchetto.gps.GpsTopics;
import io.boxbox.pacchetto.gps.LocationFix;
import io.boxbox.pacchetto.gps.MqttLink;
import io.boxbox.pacchetto.json.JsonConventions;
import io.boxbox.pacchetto.menu.PaddockMap;
import io.boxbox.pacchetto.order.GeoPoint;
import io.boxbox.pacchetto.testing.PrivateMosquitto;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.MqttReturnCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where's my pizza: driver-sim's GPS devices publish over the mesh's own mosquitto, the gateway
 * relays the carrying driver's fixes to the customer's SSE stream, and nothing else gets through.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WheresMyPizzaIT {

    private static final Duration JOURNEY_TIMEOUT = Duration.ofSeconds(60);
    private static final GeoPoint PIZZERIA = new GeoPoint(45.6205, 9.2822);
    private static final GeoPoint PADDOCK_GATE = new GeoPoint(45.6228, 9.2849);
    /** Far enough (1.1 km, a few seconds at time scale 0.01) to forge fixes while the pizza is on its way. */
    private static final String ASCARI = "ascari_grandstand";
    private static final GeoPoint VILLA_REALE = new GeoPoint(45.5922, 9.2750);

    private final ObjectMapper json = JsonConventions.apply(new ObjectMapper());
    private Mesh mesh;
    private PaddockClient paddock;

    @BeforeAll
    void startMesh() throws Exception {
        mesh = Mesh.start(Mesh.CALM_KITCHEN);
        paddock = new PaddockClient(mesh);
    }

    @AfterAll
    void stopMesh() throws Exception {
        if (mesh != null) {
            mesh.close();
        }
    }

    @Test
    void aDeliveryStreamsItsDriverMovingTowardsTheDoorWithAFallingEta() throws Exception {
        String orderId = paddock.placeDelivery("charles", "paddock_gate");
        List<SseClient.Frame> frames = follow(orderId);

        List<JsonNode> locations = locationsBeforeDelivery(frames);
        assertTrue(locations.size() >= 3, () -> "at least three location frames before DELIVERED, got " + frames);
        int pickedUp = indexOfState(frames, "OUT_FOR_DELIVERY");
        int firstLocation = frames.indexOf(frames.stream().filter(f -> f.event().equals("location")).findFirst().orElseThrow());
        assertTrue(pickedUp >= 0 && firstLocation > pickedUp, "locations come once the pizza is out for delivery");

        String driver = paddock.snapshot(orderId).get("driver").asText();
        double start = PaddockMap.distanceKm(PIZZERIA, PADDOCK_GATE);
        double previousKm = start;
        long previousEta = Long.MAX_VALUE;
        for (JsonNode location : locations) {
            assertEquals(orderId, location.get("order_id").asText());
            assertEquals(driver, location.get("driver").asText(), "only the carrying driver");
            double km = PaddockMap.distanceKm(new GeoPoint(location.get("lat").asDouble(), location.get("lon").asDouble()), PADDOCK_GATE);
            assertTrue(km < previousKm, () -> "closer to the paddock gate with every fix: " + locations);
            long eta = location.get("eta_seconds").asLong();
            assertTrue(eta < previousEta, () -> "the ETA falls with every fix: " + locations);
            previousKm = km;
            previousEta = eta;
        }
        assertTrue(previousKm < start / 2, "the last fix before DELIVERED is past half way");
    }

    @Test
    void forgedAndMalformedFixesNeverReachTheCustomerAndAreCounted() throws Exception {
        JsonNode before = gps();
        // Whoever does not carry the order: a real device with a real password, connected before the order.
        List<MqttLink> impostors = new ArrayList<>();
        for (String id : PrivateMosquitto.FLEET) {
            impostors.add(MqttLink.open(mesh.mosquitto().settings(), "e2e-impostor-" + id, GpsTopics.username(id),
                    mesh.mosquitto().devicePassword(id), null, null, null));
        }
        try {
            awaitConnected(impostors);
            String orderId = paddock.placeDelivery("lewis", ASCARI);
            CountDownLatch onTheWay = new CountDownLatch(1);
            CompletableFuture<List<SseClient.Frame>> stream = CompletableFuture.supplyAsync(() -> {
                try {
                    return SseClient.read(paddock.http(), paddock.gateway().resolve("/v1/order/" + orderId + "/sse"),
                            JOURNEY_TIMEOUT, WheresMyPizzaIT::isFinal, frame -> {
                                if (frame.event().equals("location")) {
                                    onTheWay.countDown();
                                }
                            });
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertTrue(onTheWay.await(JOURNEY_TIMEOUT.toSeconds(), TimeUnit.SECONDS), "the pizza set off");
            String carrier = GpsTopics.deviceId(paddock.snapshot(orderId).get("driver").asText());
            String forger = PrivateMosquitto.FLEET.stream().filter(id -> !id.equals(carrier)).findFirst().orElseThrow();
            MqttLink device = impostors.get(PrivateMosquitto.FLEET.indexOf(forger));

            // 1. On the carrier's own topic: the broker refuses it (MQTT v5 reason code 135).
            IMqttToken refused = device.publishAcknowledged(GpsTopics.location(carrier),
                    fixBytes(carrier, orderId, VILLA_REALE));
            refused.waitForCompletion(5_000);
            assertArrayEquals(new int[] {MqttReturnCode.RETURN_CODE_NOT_AUTHORIZED}, refused.getReasonCodes());
            // 2. On its own topic, naming an order it does not carry: the gateway drops it.
            assertTrue(device.publish(GpsTopics.location(forger), fixBytes(forger, orderId, VILLA_REALE), new MqttProperties()));
            // 3. Not a fix at all.
            assertTrue(device.publish(GpsTopics.location(forger), "{\"driver_id\":\"%s\",\"order_id\":\"%s\",\"lat\":\"north\"}"
                    .formatted(forger, orderId).getBytes(StandardCharsets.UTF_8), new MqttProperties()));

            List<SseClient.Frame> frames = stream.get(JOURNEY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertEquals("DELIVERED", json.readTree(frames.getLast().data()).get("state").asText());
            for (JsonNode location : locationsBeforeDelivery(frames)) {
                assertEquals(GpsTopics.deviceId(location.get("driver").asText()), carrier, location::toString);
                GeoPoint at = new GeoPoint(location.get("lat").asDouble(), location.get("lon").asDouble());
                assertTrue(PaddockMap.distanceKm(at, VILLA_REALE) > 1, () -> "a forged position reached the customer: " + location);
            }
            JsonNode after = gps();
            assertTrue(dropped(after, "unassigned") > dropped(before, "unassigned"), after::toString);
            assertTrue(dropped(after, "malformed") > dropped(before, "malformed"), after::toString);
        } finally {
            impostors.forEach(MqttLink::close);
        }
    }

    @Test
    void trackingResumesByItselfAfterTheBrokerRestarts() throws Exception {
        mesh.mosquitto().stop();
        mesh.mosquitto().start();
        awaitGatewayMqtt("CONNECTED");
        // Nothing is restarted: the drivers' devices reconnect by themselves while dough and oven take their time.
        String orderId = paddock.placeDelivery("carlos", "paddock_gate");
        List<JsonNode> locations = locationsBeforeDelivery(follow(orderId));
        assertTrue(locations.size() >= 3, () -> "location frames after the restart: " + locations);
    }

    private List<SseClient.Frame> follow(String orderId) throws Exception {
        return SseClient.read(paddock.http(), paddock.gateway().resolve("/v1/order/" + orderId + "/sse"), JOURNEY_TIMEOUT,
                WheresMyPizzaIT::isFinal);
    }

    private List<JsonNode> locationsBeforeDelivery(List<SseClient.Frame> frames) throws Exception {
        List<JsonNode> locations = new ArrayList<>();
        for (SseClient.Frame frame : frames) {
            if (isFinal(frame)) {
                break;
            }
            if (frame.event().equals("location")) {
                locations.add(json.readTree(frame.data()));
            }
        }
        return locations;
    }

    private int indexOfState(List<SseClient.Frame> frames, String state) throws Exception {
        for (int i = 0; i < frames.size(); i++) {
            if (frames.get(i).event().equals("state") && json.readTree(frames.get(i).data()).get("state").asText().equals(state)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isFinal(SseClient.Frame frame) {
        return frame.event().equals("state") && PaddockClient.TERMINAL.stream().anyMatch(s -> frame.data().contains("\"" + s + "\""));
    }

    private byte[] fixBytes(String driver, String orderId, GeoPoint at) throws Exception {
        return json.writeValueAsBytes(new LocationFix(driver, orderId, at.lat(), at.lon(), 10.0, 18.0, Instant.now()));
    }

    private JsonNode gps() throws Exception {
        HttpResponse<String> response = paddock.get("/admin/v1/gps");
        assertEquals(200, response.statusCode(), response.body());
        return json.readTree(response.body());
    }

    private static long dropped(JsonNode gps, String reason) {
        return gps.at("/fixes/dropped/" + reason).asLong();
    }

    private void awaitGatewayMqtt(String status) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline)) {
            if (json.readTree(paddock.get("/healthz").body()).path("mqtt").asText().equals(status)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the gateway's MQTT link did not become " + status + "\n" + mesh.tail("paddock-gateway"));
    }

    private static void awaitConnected(List<MqttLink> links) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        for (MqttLink link : links) {
            while (!link.isConnected()) {
                assertTrue(Instant.now().isBefore(deadline), link.username() + " did not connect");
                Thread.sleep(20);
            }
        }
    }
}
