package io.boxbox.gateway.order;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxbox.pacchetto.testing.PrivateNats;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static io.boxbox.gateway.order.GatewayTestSupport.ordersQueued;
import static io.boxbox.gateway.order.GatewayTestSupport.post;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The key is kept by JetStream, not by the gateway: a restarted gateway gives the first answer too. */
class IdempotencyAcrossRestartTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void aRepeatAfterAGatewayRestartAndPastTheDedupeWindowGetsTheFirstAnswer() throws Exception {
        try (PrivateNats nats = new PrivateNats()) {
            // a random port: 8080 may be anybody's gateway on a shared machine
            Map<String, Object> properties = Map.of("boxbox.nats.url", nats.url(), "boxbox.mqtt.enabled", "false",
                    "boxbox.order-token-secret", GatewayTestSupport.ORDER_TOKEN_SECRET, "micronaut.server.port", "-1");
            JsonNode first;
            try (EmbeddedServer gateway = ApplicationContext.run(EmbeddedServer.class, properties)) {
                first = accepted(post(gateway.getURI(), IdempotencyTest.TAKEOUT, "k-late-1"));
            }
            long queued = ordersQueued(nats.url());

            try (EmbeddedServer restarted = ApplicationContext.run(EmbeddedServer.class, properties)) {
                // As in IdempotencyTest: a 1 s dedupe window and 1.5 s stand for 2 minutes and 140 s.
                GatewayTestSupport.shortenDuplicateWindow(nats.url(), Duration.ofSeconds(1));
                Thread.sleep(1_500);
                JsonNode again = accepted(post(restarted.getURI(), IdempotencyTest.TAKEOUT, "k-late-1"));

                assertEquals(first.get("order_id"), again.get("order_id"));
                assertEquals(first.get("ordered_at"), again.get("ordered_at"));
                assertEquals(first.get("order_token"), again.get("order_token"), "the token survives the restart");
                assertEquals(first.get("order_number"), again.get("order_number"), "so does the order number");
                assertEquals(first.get("bill"), again.get("bill"));
                assertEquals(queued, ordersQueued(nats.url()), "nothing queued again");
            }
        }
    }

    private JsonNode accepted(HttpResponse<String> response) throws Exception {
        assertEquals(202, response.statusCode(), response.body());
        return json.readTree(response.body());
    }
}
