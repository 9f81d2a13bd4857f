package io.boxbox.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nats.client.Connection;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.PullSubscribeOptions;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** What a team member (and an engineer with the admin token) does against a running mesh. */
final class PaddockClient {

    static final Set<String> TERMINAL = Set.of("DELIVERED", "READY_FOR_PICKUP", "SERVED", "CANCELLED", "FAILED");

    private final Mesh mesh;
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    PaddockClient(Mesh mesh) {
        this.mesh = mesh;
    }

    HttpClient http() {
        return http;
    }

    JsonNode json(String text) throws Exception {
        return json.readTree(text);
    }

    HttpResponse<String> post(String path, String body) throws Exception {
        return send(HttpRequest.newBuilder(mesh.gateway().resolve(path)).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    HttpResponse<String> put(String path, String body) throws Exception {
        return send(HttpRequest.newBuilder(mesh.gateway().resolve(path)).PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(mesh.gateway().resolve(path)));
    }

    /** DELETE /v1/order/{id} as the person who placed it: with the order_token of the 202 answer. */
    HttpResponse<String> cancel(String orderId, String orderToken) throws Exception {
        return http.send(HttpRequest.newBuilder(mesh.gateway().resolve("/v1/order/" + orderId)).DELETE()
                .header("Authorization", "Bearer " + orderToken).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Cancels an order placed with {@link #placeOrder}, whose answer holds its token. */
    HttpResponse<String> cancel(JsonNode accepted) throws Exception {
        return cancel(accepted.get("order_id").asText(), accepted.get("order_token").asText());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        request.header("Content-Type", "application/json").header("Authorization", "Bearer " + Mesh.ADMIN_TOKEN);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Places an order and returns the 202 body. */
    JsonNode placeOrder(String body) throws Exception {
        HttpResponse<String> response = post("/v1/order", body);
        assertEquals(202, response.statusCode(), () -> "POST /v1/order answered " + response.body());
        return json.readTree(response.body());
    }

    String placeDelivery(String user, String place) throws Exception {
        return placeOrder("""
                {"username":"%s","size":"medium","toppings":["tomato","mozzarella"],"order_type":"delivery","destination":"%s"}"""
                .formatted(user, place)).get("order_id").asText();
    }

    JsonNode snapshot(String orderId) throws Exception {
        return json.readTree(get("/v1/order/" + orderId).body());
    }

    JsonNode awaitTerminal(String orderId, Duration within) throws Exception {
        Instant deadline = Instant.now().plus(within);
        JsonNode snapshot = null;
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> response = get("/v1/order/" + orderId);
            if (response.statusCode() == 200) {
                snapshot = json.readTree(response.body());
                if (TERMINAL.contains(snapshot.get("state").asText())) {
                    return snapshot;
                }
            }
            Thread.sleep(100);
        }
        fail("order " + orderId + " did not finish within " + within + "; last snapshot " + snapshot + "\n" + mesh.tail("maestro"));
        return null;
    }

    /** Every event of the order as stored in ORDER_EVENTS, read straight from JetStream. */
    List<JsonNode> events(String orderId) throws Exception {
        try (Connection nats = Nats.connect(mesh.natsUrl())) {
            JetStreamSubscription events = nats.jetStream().subscribe("orders.events." + orderId,
                    PullSubscribeOptions.builder().build());
            // Read what is stored now, not what keeps arriving: an order in a remake loop never stops talking.
            long stored = events.getConsumerInfo().getNumPending();
            List<JsonNode> all = new ArrayList<>();
            while (all.size() < stored) {
                List<Message> batch = events.fetch((int) Math.min(256, stored - all.size()), Duration.ofSeconds(2));
                if (batch.isEmpty()) {
                    break;
                }
                for (Message message : batch) {
                    all.add(json.readTree(message.getData()));
                    message.ack();
                }
            }
            return all;
        }
    }

    static List<String> states(List<JsonNode> events) {
        return events.stream().map(e -> e.get("state").asText()).toList();
    }

    URI gateway() {
        return mesh.gateway();
    }
}
