package io.boxbox.gateway.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxbox.gateway.tracking.FixRelay;
import io.boxbox.gateway.tracking.SseFrames;
import io.boxbox.pacchetto.gps.GpsTopics;
import io.boxbox.pacchetto.gps.LocationFix;
import io.boxbox.pacchetto.gps.MqttLink;
import io.boxbox.pacchetto.json.JsonConventions;
import io.boxbox.pacchetto.testing.PrivateMosquitto;
import io.boxbox.pacchetto.testing.PrivateNats;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * GET /v1/drivers/sse against the project's real mosquitto (shipped config and ACL, its own
 * passwords): every driver's fix reaches every listener, whatever order it is for and whether
 * anyone follows that order; a new listener first gets each driver's last position; a malformed
 * fix reaches nobody.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FleetStreamTest implements TestPropertyProvider {

    private static final Duration WITHIN = Duration.ofSeconds(10);

    private final ObjectMapper json = JsonConventions.apply(new ObjectMapper());
    private PrivateNats nats;
    private PrivateMosquitto mosquitto;
    private MqttLink kimi;
    private MqttLink nico;

    @Inject
    EmbeddedServer server;

    @Inject
    FixRelay relay;

    @Inject
    Fleet fleet;

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
        return properties;
    }

    @AfterAll
    void stopBrokers() throws Exception {
        kimi.close();
        nico.close();
        mosquitto.close();
        nats.close();
    }

    @Test
    void everyListenerSeesEveryDriverAndANewOneStartsFromTheLastPositions() throws Exception {
        kimi = device("kimi");
        nico = device("nico");
        await(() -> kimi.isConnected() && nico.isConnected() && relay.status().equals("CONNECTED"));
        String kimisOrder = UUID.randomUUID().toString();
        String nicosOrder = UUID.randomUUID().toString();

        try (SseFrames first = new SseFrames(server.getURI().resolve("/v1/drivers/sse"))) {
            await(() -> fleet.listeners() == 1);
            publish(kimi, new LocationFix("kimi", kimisOrder, 45.6210, 9.2828, 45.0, 18.0, Instant.now()));
            JsonNode heard = location(first);
            assertEquals("kimi", heard.get("driver").asText());
            assertEquals(kimisOrder, heard.get("order_id").asText(), "nobody follows this order here: still on the map");
            assertEquals(45.6210, heard.get("lat").asDouble(), 1e-9);

            nico.publish(GpsTopics.location("nico"), "{\"driver_id\":\"nico\",\"lat\":\"here\"}".getBytes(StandardCharsets.UTF_8),
                    new MqttProperties());
            publish(nico, new LocationFix("nico", nicosOrder, 45.6220, 9.2840, 90.0, 20.0, Instant.now()));
            JsonNode second = location(first);
            assertEquals("nico", second.get("driver").asText(), "the malformed fix never reached the stream");
            assertEquals(45.6220, second.get("lat").asDouble(), 1e-9);
            publish(kimi, new LocationFix("kimi", kimisOrder, 45.6212, 9.2830, 45.0, 18.0, Instant.now()));
            assertEquals(45.6212, location(first).get("lat").asDouble(), 1e-9);

            try (SseFrames late = new SseFrames(server.getURI().resolve("/v1/drivers/sse"))) {
                Map<String, Double> start = new HashMap<>();
                for (int i = 0; i < 2; i++) {
                    JsonNode known = location(late);
                    start.put(known.get("driver").asText(), known.get("lat").asDouble());
                }
                assertEquals(Map.of("kimi", 45.6212, "nico", 45.6220), start, "each driver once, at its last position");
                publish(nico, new LocationFix("nico", nicosOrder, 45.6221, 9.2841, 90.0, 20.0, Instant.now()));
                assertEquals(45.6221, location(late).get("lat").asDouble(), 1e-9);
                assertEquals(45.6221, location(first).get("lat").asDouble(), 1e-9, "every listener gets every fix");
            }
        }
        await(() -> fleet.listeners() == 0);
    }

    private MqttLink device(String id) {
        return MqttLink.open(mosquitto.settings(), "fleet-test-" + id, GpsTopics.username(id), mosquitto.devicePassword(id),
                null, null, null);
    }

    private void publish(MqttLink device, LocationFix fix) throws Exception {
        assertTrue(device.publish(GpsTopics.location(fix.driverId()), json.writeValueAsBytes(fix), new MqttProperties()));
    }

    private JsonNode location(SseFrames sse) throws Exception {
        return json.readTree(sse.next("location", WITHIN).data());
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(WITHIN);
        while (!condition.getAsBoolean()) {
            assertTrue(Instant.now().isBefore(deadline), "timed out");
            Thread.sleep(20);
        }
    }
}
