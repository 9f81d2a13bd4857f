package io.boxbox.gateway.order;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxbox.pacchetto.testing.PrivateNats;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.stream.Stream;

import static io.boxbox.gateway.order.GatewayTestSupport.VALID_ORDER;
import static io.boxbox.gateway.order.GatewayTestSupport.fetch;
import static io.boxbox.gateway.order.GatewayTestSupport.ordersQueued;
import static io.boxbox.gateway.order.GatewayTestSupport.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The front door against a real JetStream: what gets queued, and what is turned away and why. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrderIntakeTest implements TestPropertyProvider {

    private final ObjectMapper json = new ObjectMapper();
    private PrivateNats nats;

    @Inject
    EmbeddedServer server;

    @Override
    public Map<String, String> getProperties() {
        try {
            nats = new PrivateNats();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return Map.of("boxbox.mqtt.enabled", "false", "boxbox.nats.url", nats.url());
    }

    @AfterAll
    void stopBroker() throws Exception {
        nats.close();
    }

    @Test
    void aValidOrderIsQueuedOnceAndVisibleAtOnce() throws Exception {
        long before = ordersQueued(nats.url());
        HttpResponse<String> response = send(base(), "application/json", VALID_ORDER);

        assertEquals(202, response.statusCode(), response.body());
        JsonNode accepted = json.readTree(response.body());
        String orderId = accepted.get("order_id").asText();
        assertEquals("/v1/order/" + orderId, accepted.get("status_url").asText());
        assertEquals("/v1/order/" + orderId + "/sse", accepted.get("tracking_url").asText());
        assertEquals(before + 1, ordersQueued(nats.url()));

        JsonNode snapshot = json.readTree(fetch(base(), accepted.get("status_url").asText()).body());
        assertEquals("RECEIVED", snapshot.get("state").asText());
        assertEquals("Scuderia Ferrari garage", snapshot.at("/destination/name").asText());
    }

    static Stream<Arguments> badOrders() {
        return Stream.of(
                Arguments.of("missing username", "{\"size\":\"small\",\"order_type\":\"takeout\"}", 422, "username"),
                Arguments.of("blank username", "{\"username\":\"  \",\"size\":\"small\",\"order_type\":\"takeout\"}", 422, "username"),
                Arguments.of("size huge", "{\"username\":\"max\",\"size\":\"huge\",\"order_type\":\"takeout\"}", 422, "size"),
                Arguments.of("unknown topping", "{\"username\":\"max\",\"size\":\"small\",\"toppings\":[\"tomato\",\"unicorn\"],\"order_type\":\"takeout\"}", 422, "toppings[1]"),
                Arguments.of("delivery without destination", "{\"username\":\"max\",\"size\":\"small\",\"order_type\":\"delivery\"}", 422, "destination"),
                Arguments.of("unknown place", "{\"username\":\"max\",\"size\":\"small\",\"order_type\":\"delivery\",\"destination\":\"mars\"}", 422, "destination"),
                Arguments.of("coordinates in Milan", "{\"username\":\"max\",\"size\":\"small\",\"order_type\":\"delivery\",\"destination\":{\"lat\":45.46,\"lon\":9.19}}", 422, "destination"),
                Arguments.of("latitude out of range", "{\"username\":\"max\",\"size\":\"small\",\"order_type\":\"delivery\",\"destination\":{\"lat\":145.6,\"lon\":9.28}}", 422, "destination.lat"),
                Arguments.of("unknown border", "{\"username\":\"max\",\"size\":\"small\",\"border\":\"gold\",\"order_type\":\"takeout\"}", 422, "border"),
                Arguments.of("unknown order type", "{\"username\":\"max\",\"size\":\"small\",\"order_type\":\"drone\"}", 422, "order_type"),
                Arguments.of("too many toppings", "{\"username\":\"max\",\"size\":\"small\",\"order_type\":\"takeout\",\"toppings\":[\"ham\",\"ham\",\"ham\",\"ham\",\"ham\",\"ham\",\"ham\",\"ham\",\"ham\",\"ham\",\"ham\"]}", 422, "toppings"),
                Arguments.of("over-long username", "{\"username\":\"" + "m".repeat(65) + "\",\"size\":\"small\",\"order_type\":\"takeout\"}", 422, "username"),
                Arguments.of("control character in username", "{\"username\":\"max\\u0007\",\"size\":\"small\",\"order_type\":\"takeout\"}", 422, "username"),
                Arguments.of("unknown field", "{\"username\":\"max\",\"size\":\"small\",\"order_type\":\"takeout\",\"coupon\":\"FREE\"}", 400, "coupon"),
                Arguments.of("size of the wrong type", "{\"username\":\"max\",\"size\":{\"inches\":12},\"order_type\":\"takeout\"}", 400, "size"),
                Arguments.of("toppings not a list", "{\"username\":\"max\",\"size\":\"small\",\"toppings\":{\"a\":1},\"order_type\":\"takeout\"}", 400, "toppings"),
                Arguments.of("malformed JSON", "{\"username\":\"max\",\"size\":", 400, null),
                Arguments.of("duplicate key", "{\"username\":\"max\",\"username\":\"lando\",\"size\":\"small\",\"order_type\":\"takeout\"}", 400, null),
                Arguments.of("array instead of object", "[]", 400, null),
                Arguments.of("trailing garbage", "{\"username\":\"max\",\"size\":\"small\",\"order_type\":\"takeout\"} x", 400, null),
                Arguments.of("empty body", "", 400, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badOrders")
    void aBadOrderIsRefusedWithAProblemNamingTheFieldAndNothingIsQueued(String why, String body, int status, String field)
            throws Exception {
        long before = ordersQueued(nats.url());
        HttpResponse<String> response = send(base(), "application/json", body);

        assertEquals(status, response.statusCode(), why + ": " + response.body());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""), why);
        JsonNode problem = json.readTree(response.body());
        assertEquals(status, problem.get("status").asInt());
        assertTrue(problem.hasNonNull("detail"), why + " has a detail a person can read");
        if (field != null) {
            assertTrue(problem.get("errors").findValuesAsText("field").contains(field),
                    why + " names " + field + ": " + response.body());
        }
        assertEquals(before, ordersQueued(nats.url()), why + ": nothing may be published");
        assertEquals(200, fetch(base(), "/healthz").statusCode(), "the gateway stays healthy");
    }

    @Test
    void aBodyThatIsNotJsonIsRefusedAsUnsupported() throws Exception {
        HttpResponse<String> response = send(base(), "text/plain", "one margherita please");
        assertEquals(415, response.statusCode());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""));
    }

    @Test
    void aHugeBodyIsRefusedAsTooLarge() throws Exception {
        String huge = "{\"username\":\"" + "x".repeat(64 * 1024) + "\"}";
        HttpResponse<String> response = send(base(), "application/json", huge);
        assertEquals(413, response.statusCode(), response.body());
    }

    @Test
    void anUnknownOrderIsNotFound() throws Exception {
        HttpResponse<String> response = fetch(base(), "/v1/order/00000000-0000-0000-0000-000000000000");
        assertEquals(404, response.statusCode());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""));
        assertEquals(404, fetch(base(), "/v1/order/not-an-id").statusCode());
    }

    @Test
    void theMenuListsPlacesWithCoordinates() throws Exception {
        JsonNode menu = json.readTree(fetch(base(), "/v1/menu").body());
        assertTrue(menu.get("places").size() >= 5);
        assertTrue(menu.get("places").get(0).has("lat"));
        assertTrue(menu.get("toppings").toString().contains("mozzarella"));
    }

    @Test
    void theOpenApiDocumentAndSwaggerUiAreServed() throws Exception {
        HttpResponse<String> spec = fetch(base(), "/swagger/paddock-gateway.yml");
        assertEquals(200, spec.statusCode());
        assertTrue(spec.body().contains("/v1/order"), "the document describes the order API");
        assertEquals(200, fetch(base(), "/swagger-ui/index.html").statusCode());
    }

    private URI base() {
        return server.getURI();
    }
}
