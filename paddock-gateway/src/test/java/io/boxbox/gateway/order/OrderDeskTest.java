package io.boxbox.gateway.order;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static io.boxbox.gateway.order.GatewayTestSupport.VALID_ORDER;
import static io.boxbox.gateway.order.GatewayTestSupport.fetch;
import static io.boxbox.gateway.order.GatewayTestSupport.ordersQueued;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** After the order: cancelling, its history, retries with an Idempotency-Key, and the per-person rate. */
@MicronautTest
class OrderDeskTest extends GatewayOnPrivateNats {

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Inject
    EmbeddedServer server;

    @Override
    protected Map<String, String> moreProperties() {
        return Map.of("boxbox.rate-limit.burst", "3", "boxbox.rate-limit.orders-per-minute", "1");
    }

    @Test
    void anOrderNotYetInTheOvenCanBeCancelledOnceAndItsHistorySaysWho() throws Exception {
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
                org.slf4j.Logger.ROOT_LOGGER_NAME);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged =
                new ch.qos.logback.core.read.ListAppender<>();
        logged.start();
        root.addAppender(logged);
        JsonNode placed = accepted(order("lando"), null);
        String orderId = placed.get("order_id").asText();
        String token = placed.get("order_token").asText();

        HttpResponse<String> cancelled = delete("/v1/order/" + orderId, token);
        assertEquals(202, cancelled.statusCode(), cancelled.body());
        assertEquals("CANCELLED", json.readTree(cancelled.body()).get("state").asText());

        HttpResponse<String> again = delete("/v1/order/" + orderId, token);
        assertEquals(409, again.statusCode());
        assertEquals("application/problem+json", again.headers().firstValue("Content-Type").orElse(""));
        assertTrue(again.body().contains("CANCELLED"), again.body());

        JsonNode history = json.readTree(fetch(server.getURI(), "/v1/order/" + orderId + "/history").body());
        // Top-level states only: each entry also carries the snapshot after it, which has a state too.
        List<String> states = new java.util.ArrayList<>();
        history.get("events").forEach(event -> states.add(event.get("state").asText()));
        assertEquals(List.of("RECEIVED", "CANCELLED"), states);
        assertEquals("lando (customer)", history.get("events").get(1).get("actor").asText());
        assertTrue(history.get("events").get(0).has("instance"), "which service instance recorded it");
        assertTrue(!history.toString().contains(token) && !fetch(server.getURI(), "/v1/order/" + orderId).body().contains(token),
                "the token is in no snapshot and no event");
        root.detachAppender(logged);
        assertTrue(logged.list.stream().noneMatch(line -> line.getFormattedMessage().contains(token)), "nor in a log line");
        assertTrue(logged.list.stream().anyMatch(line -> line.getFormattedMessage().contains(orderId)), "the log did see the order");
    }

    @Test
    void onlyTheHolderOfTheOrderTokenMayCancel() throws Exception {
        String orderId = place(order("max"), null);
        String someoneElsesToken = accepted(order("nico"), null).get("order_token").asText();

        for (String token : new String[] {null, someoneElsesToken, "not-a-token"}) {
            HttpResponse<String> refused = delete("/v1/order/" + orderId, token);
            assertEquals(403, refused.statusCode(), refused.body());
            assertEquals("application/problem+json", refused.headers().firstValue("Content-Type").orElse(""));
            assertTrue(refused.body().contains("order_token"), refused.body());
        }
        assertEquals("RECEIVED", json.readTree(fetch(server.getURI(), "/v1/order/" + orderId).body()).get("state").asText(),
                "still on its way");
    }

    @Test
    void theOpenApiDocumentDescribesTheOrderToken() throws Exception {
        String spec = fetch(server.getURI(), "/swagger/paddock-gateway.yml").body();
        assertTrue(spec.contains("orderToken") && spec.contains("bearer"), "a bearer security scheme");
    }

    @Test
    void cancellingOrReadingTheHistoryOfAnUnknownOrderIsNotFound() throws Exception {
        assertEquals(404, delete("/v1/order/00000000-0000-0000-0000-000000000000", null).statusCode());
        assertEquals(404, fetch(server.getURI(), "/v1/order/00000000-0000-0000-0000-000000000000/history").statusCode());
    }

    @Test
    void theSameIdempotencyKeyGivesTheSameOrderAndQueuesNothingNew() throws Exception {
        long before = ordersQueued(nats.url());
        String first = place(order("oscar"), "lunch-2026-09-06");
        String retry = place(order("oscar"), "lunch-2026-09-06");
        assertEquals(first, retry);
        assertEquals(before + 1, ordersQueued(nats.url()));

        String someoneElse = place(order("george"), "lunch-2026-09-06");
        assertNotEquals(first, someoneElse, "keys are per person");
        assertEquals(1, json.readTree(fetch(server.getURI(), "/v1/order/" + first + "/history").body())
                .get("events").size(), "no second RECEIVED");
    }

    @Test
    void aMalformedIdempotencyKeyIsRefused() throws Exception {
        HttpResponse<String> response = post(order("yuki"), "has spaces in it");
        assertEquals(422, response.statusCode());
        assertTrue(response.body().contains("Idempotency-Key"));
    }

    @Test
    void onePersonOrderingTooFastIsToldToWait() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertEquals(202, post(order("hungry-alex"), null).statusCode());
        }
        long before = ordersQueued(nats.url());
        HttpResponse<String> refused = post(order("hungry-alex"), null);
        assertEquals(429, refused.statusCode(), refused.body());
        assertTrue(Integer.parseInt(refused.headers().firstValue("Retry-After").orElseThrow()) >= 1);
        assertEquals(before, ordersQueued(nats.url()), "nothing queued");
        assertEquals(202, post(order("patient-kevin"), null).statusCode(), "others are not affected");
    }

    private static String order(String username) {
        return VALID_ORDER.replace("charles", username);
    }

    private String place(String body, String key) throws Exception {
        return accepted(body, key).get("order_id").asText();
    }

    private JsonNode accepted(String body, String key) throws Exception {
        HttpResponse<String> response = post(body, key);
        assertEquals(202, response.statusCode(), response.body());
        return json.readTree(response.body());
    }

    private HttpResponse<String> post(String body, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.getURI().resolve("/v1/order"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> delete(String path, String token) throws Exception {
        return GatewayTestSupport.delete(server.getURI(), path, token);
    }
}
