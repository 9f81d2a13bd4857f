package io.boxbox.gateway.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxbox.pacchetto.gps.GpsTopics;
import io.boxbox.pacchetto.gps.LocationFix;
import io.boxbox.pacchetto.gps.MqttLink;
import io.boxbox.pacchetto.json.JsonConventions;
import io.boxbox.pacchetto.order.OrderState;
import io.boxbox.pacchetto.testing.PrivateMosquitto;
import io.boxbox.pacchetto.testing.PrivateNats;
import io.boxbox.pacchetto.testing.StandInMaestro;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.nats.client.Connection;
import io.nats.client.Nats;
import jakarta.inject.Inject;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The relay against a real mosquitto (the shipped config, its own passwords) and a real JetStream:
 * a customer's SSE stream gets the carrying driver's fixes and nobody else's, bad payloads are
 * counted, and after a broker restart both ends come back by themselves.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FixRelayTest implements TestPropertyProvider {

    private static final Duration WITHIN = Duration.ofSeconds(10);
    private static final String ORDER = """
            {"username":"charles","size":"medium","toppings":["tomato"],"order_type":"delivery","destination":"paddock_gate"}""";

    private final ObjectMapper json = JsonConventions.apply(new ObjectMapper());
    private final HttpClient http = HttpClient.newHttpClient();
    private PrivateNats nats;
    private PrivateMosquitto mosquitto;
    private MqttLink kimi;
    private MqttLink nico;

    @Inject
    EmbeddedServer server;

    @Inject
    FixRelay relay;

    @Inject
    FixTally tally;

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
    void theCustomerSeesOnlyTheCarryingDriverAndTrackingSurvivesABrokerRestart() throws Exception {
        kimi = device("kimi");
        nico = device("nico");
        await(() -> kimi.isConnected() && nico.isConnected() && relay.status().equals("CONNECTED"));
        String orderId = placeOrder();
        publishEvent(orderId, OrderState.OUT_FOR_DELIVERY, "Kimi (driver-sim-test)");

        try (SseFrames sse = new SseFrames(server.getURI().resolve("/v1/order/" + orderId + "/sse"))) {
            await(state(sse, "OUT_FOR_DELIVERY"));

            publish(kimi, fix("kimi", orderId, 45.6210, 9.2828));
            JsonNode first = location(sse);
            assertEquals("Kimi", first.get("driver").asText());
            assertEquals(45.6210, first.get("lat").asDouble(), 1e-9);
            assertTrue(first.get("eta_seconds").asLong() > 0, first.toString());

            // Nico is a real device with a valid login, but not the one carrying this pizza.
            publish(nico, fix("nico", orderId, 45.6220, 9.2840));
            nico.publish(GpsTopics.location("nico"), "{\"driver_id\":\"nico\",\"lat\":\"here\"}".getBytes(StandardCharsets.UTF_8),
                    new MqttProperties());
            publish(kimi, fix("kimi", orderId, 45.6212, 9.2830));
            assertEquals(45.6212, location(sse).get("lat").asDouble(), 1e-9, "the forged fix never reached the stream");
            await(() -> tally.totals().dropped().get("unassigned") == 1 && tally.totals().dropped().get("malformed") == 1);

            mosquitto.stop();
            await(() -> !relay.status().equals("CONNECTED"));
            mosquitto.start();
            await(() -> kimi.isConnected() && relay.status().equals("CONNECTED"));
            // connected, then subscribed again: publish until a fix makes it through
            JsonNode resumed = null;
            for (int i = 1; resumed == null && i <= 50; i++) {
                publish(kimi, fix("kimi", orderId, 45.6212 + i * 0.00001, 9.2830));
                resumed = pollLocation(sse);
            }
            assertTrue(resumed != null, "tracking resumed after the broker restart");

            publishEvent(orderId, OrderState.DELIVERED, "Kimi (driver-sim-test)");
            assertEquals(SseFrames.END, sse.next("end", WITHIN), "the stream ends with the order");
        }
    }

    private MqttLink device(String id) {
        return MqttLink.open(mosquitto.settings(), "test-" + id, GpsTopics.username(id), mosquitto.devicePassword(id), null,
                null, null);
    }

    private LocationFix fix(String driver, String orderId, double lat, double lon) {
        return new LocationFix(driver, orderId, lat, lon, 45.0, 18.0, Instant.now());
    }

    private void publish(MqttLink device, LocationFix fix) throws Exception {
        assertTrue(device.publish(GpsTopics.location(fix.driverId()), json.writeValueAsBytes(fix), new MqttProperties()));
    }

    private JsonNode location(SseFrames sse) throws Exception {
        return json.readTree(sse.next("location", WITHIN).data());
    }

    private JsonNode pollLocation(SseFrames sse) throws Exception {
        try {
            return json.readTree(sse.next("location", Duration.ofMillis(200)).data());
        } catch (AssertionError nothingYet) {
            return null;
        }
    }

    private BooleanSupplier state(SseFrames sse, String state) {
        return () -> {
            try {
                return json.readTree(sse.next("state", WITHIN).data()).get("state").asText().equals(state);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        };
    }

    private String placeOrder() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(server.getURI().resolve("/v1/order"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(ORDER)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(202, response.statusCode(), response.body());
        return json.readTree(response.body()).get("order_id").asText();
    }

    /** What the maestro would record: enough for the gateway to learn who carries the order. */
    private void publishEvent(String orderId, OrderState state, String actor) throws Exception {
        try (Connection connection = Nats.connect(nats.url())) {
            new StandInMaestro(connection, json).record(orderId, state, actor, null);
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(WITHIN);
        while (!condition.getAsBoolean()) {
            assertTrue(Instant.now().isBefore(deadline), "timed out");
            Thread.sleep(20);
        }
    }

}
