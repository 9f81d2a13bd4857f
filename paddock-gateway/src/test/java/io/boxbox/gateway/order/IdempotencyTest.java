package io.boxbox.gateway.order;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.boxbox.gateway.order.GatewayTestSupport.fetch;
import static io.boxbox.gateway.order.GatewayTestSupport.ordersQueued;
import static io.boxbox.gateway.order.GatewayTestSupport.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An Idempotency-Key holds for its whole lifetime (24 h), not only inside JetStream's dedupe
 * window: the same person, key and body get the same answer, and nothing is made twice.
 */
@MicronautTest
class IdempotencyTest extends GatewayOnPrivateNats {

    static final String TAKEOUT = """
            {"username":"oscar","size":"small","toppings":["tomato"],"order_type":"takeout"}""";

    private final ObjectMapper json = new ObjectMapper();

    @Inject
    EmbeddedServer server;

    @Test
    void aRepeatAfterTheDedupeWindowGetsTheFirstAnswerAndMakesNothingNew() throws Exception {
        long before = ordersQueued(nats.url());
        JsonNode first = accepted(post(server.getURI(), TAKEOUT, "k-late-1"));

        // The reported repeat came 140 s later, past the 2-minute dedupe window. A 1 s window
        // and a repeat 1.5 s later put it just as far past the window the broker remembers.
        GatewayTestSupport.shortenDuplicateWindow(nats.url(), Duration.ofSeconds(1));
        Thread.sleep(1_500);
        HttpResponse<String> repeat = post(server.getURI(), TAKEOUT, "k-late-1");
        JsonNode again = accepted(repeat);

        assertEquals(first.get("order_id"), again.get("order_id"));
        assertEquals(first.get("ordered_at"), again.get("ordered_at"), "the time of ordering is the first one's");
        assertEquals(first.get("order_token"), again.get("order_token"));
        assertEquals("true", repeat.headers().firstValue("Idempotent-Replayed").orElse(""));
        assertEquals(before + 1, ordersQueued(nats.url()), "the kitchen got the order once");
        JsonNode history = json.readTree(fetch(server.getURI(), "/v1/order/" + first.get("order_id").asText() + "/history").body());
        assertEquals(1, history.get("events").size(), "one RECEIVED: " + history);
    }

    @Test
    void theSameKeyWithAnotherBodyIsRefusedNamingTheHeader() throws Exception {
        accepted(post(server.getURI(), TAKEOUT, "k-changed-mind"));
        long before = ordersQueued(nats.url());

        HttpResponse<String> refused = post(server.getURI(), TAKEOUT.replace("small", "large"), "k-changed-mind");

        assertEquals(422, refused.statusCode(), refused.body());
        assertEquals("application/problem+json", refused.headers().firstValue("Content-Type").orElse(""));
        assertTrue(json.readTree(refused.body()).get("errors").findValuesAsText("field").contains("Idempotency-Key"),
                refused.body());
        assertEquals(before, ordersQueued(nats.url()), "nothing queued");
    }

    @Test
    void concurrentRequestsWithOneKeyMakeOneOrder() throws Exception {
        long before = ordersQueued(nats.url());
        List<Callable<HttpResponse<String>>> requests = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            requests.add(() -> post(server.getURI(), TAKEOUT.replace("oscar", "lando"), "k-all-at-once"));
        }
        List<String> ids = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (Future<HttpResponse<String>> response : pool.invokeAll(requests)) {
                ids.add(accepted(response.get()).get("order_id").asText());
            }
        }
        assertEquals(1, ids.stream().distinct().count(), ids.toString());
        assertEquals(before + 1, ordersQueued(nats.url()));
    }

    private JsonNode accepted(HttpResponse<String> response) throws Exception {
        assertEquals(202, response.statusCode(), response.body());
        return json.readTree(response.body());
    }
}
