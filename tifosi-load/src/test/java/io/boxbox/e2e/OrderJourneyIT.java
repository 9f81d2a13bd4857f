package io.boxbox.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One pizza from POST to delivered, through real processes: the gateway queues it on JetStream,
 * the maestro pulls it and calls panettiere, chef-sim and driver-sim over gRPC.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrderJourneyIT {

    private static final Set<String> TERMINAL = PaddockClient.TERMINAL;
    private static final Duration JOURNEY_TIMEOUT = Duration.ofSeconds(60);

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
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
    void aDeliveryGoesThroughEveryStateInOrderOnItsSseStreamAndEndsDelivered() throws Exception {
        JsonNode accepted = placeOrder("""
                {"username":"charles","size":"large","toppings":["tomato","mozzarella","basil"],
                 "border":"cheddar","order_type":"delivery","destination":"ferrari_garage"}""");
        String orderId = accepted.get("order_id").asText();

        List<SseClient.Frame> frames = SseClient.read(http, mesh.gateway().resolve(accepted.get("tracking_url").asText()),
                JOURNEY_TIMEOUT, frame -> TERMINAL.contains(state(frame)));

        // State changes: an entry may repeat its state with more news ("dough made by Gino").
        List<String> states = new java.util.ArrayList<>();
        frames.stream().filter(f -> f.event().equals("state")).map(this::state)
                .filter(state -> states.isEmpty() || !states.getLast().equals(state)).forEach(states::add);
        assertEquals(List.of("RECEIVED", "QUEUED", "MAKING_DOUGH", "TOPPING", "IN_OVEN", "READY", "OUT_FOR_DELIVERY",
                "DELIVERED"), states, () -> "states on the SSE stream of " + orderId + "\n" + mesh.tail("maestro"));

        JsonNode snapshot = awaitTerminal(orderId);
        assertEquals("DELIVERED", snapshot.get("state").asText());
        assertEquals("ferrari_garage", snapshot.at("/destination/place_id").asText());
        assertTrue(snapshot.hasNonNull("driver"), "the snapshot names the driver");
        assertEquals(0, snapshot.get("eta_seconds").asLong());
    }

    @Test
    void aTakeoutIsReadyForPickupWithoutADriver() throws Exception {
        JsonNode accepted = placeOrder("""
                {"username":"carlos","size":"small","toppings":["ham"],"order_type":"takeout"}""");
        JsonNode snapshot = awaitTerminal(accepted.get("order_id").asText());
        assertEquals("READY_FOR_PICKUP", snapshot.get("state").asText());
        assertTrue(snapshot.path("driver").isMissingNode(), "no driver for a takeout");
    }

    @Test
    void aDineInOrderToCoordinatesIsServed() throws Exception {
        JsonNode accepted = placeOrder("""
                {"username":"lewis","size":"medium","toppings":[],"border":"chocolate","order_type":"dine_in"}""");
        assertEquals("SERVED", awaitTerminal(accepted.get("order_id").asText()).get("state").asText());
    }

    @Test
    void everyOrderEventReachesTheGlobalStream() throws Exception {
        CompletableFuture<String> placed = new CompletableFuture<>();
        Thread.startVirtualThread(() -> {
            try {
                // the global stream only shows what happens after one connects: order once we listen
                Thread.sleep(500);
                placed.complete(placeOrder("""
                        {"username":"oscar","size":"small","order_type":"delivery","destination":{"lat":45.6190,"lon":9.2815}}""")
                        .get("order_id").asText());
            } catch (Exception e) {
                placed.completeExceptionally(e);
            }
        });
        List<SseClient.Frame> frames = SseClient.read(http, mesh.gateway().resolve("/v1/order/sse"), JOURNEY_TIMEOUT,
                frame -> state(frame).equals("DELIVERED") && orderId(frame).equals(placed.getNow("")));
        String orderId = placed.get();
        List<String> states = frames.stream().filter(f -> orderId(f).equals(orderId)).map(this::state).toList();
        assertEquals("RECEIVED", states.getFirst());
        assertEquals("DELIVERED", states.getLast());
    }

    @Test
    void anInvalidOrderIsRefusedWithAProblemNamingTheFieldAndNothingIsQueued() throws Exception {
        long queuedBefore = ordersStreamLastSequence();
        HttpResponse<String> response = post("""
                {"username":"max","size":"huge","toppings":["tomato"],"order_type":"delivery"}""");
        assertEquals(422, response.statusCode());
        assertEquals("application/problem+json", response.headers().firstValue("content-type").orElse(""));
        JsonNode problem = json.readTree(response.body());
        List<String> fields = problem.get("errors").findValuesAsText("field");
        assertEquals(List.of("size", "destination"), fields);
        assertEquals(queuedBefore, ordersStreamLastSequence(), "nothing was published");
    }

    private String orderId(SseClient.Frame frame) {
        try {
            return json.readTree(frame.data()).path("order_id").asText();
        } catch (Exception e) {
            return "";
        }
    }

    private long ordersStreamLastSequence() throws Exception {
        try (Connection nats = Nats.connect(mesh.natsUrl())) {
            JetStreamManagement jsm = nats.jetStreamManagement();
            return jsm.getStreamInfo("ORDERS").getStreamState().getLastSequence();
        }
    }

    private JsonNode placeOrder(String body) throws Exception {
        return paddock.placeOrder(body);
    }

    private HttpResponse<String> post(String body) throws Exception {
        return paddock.post("/v1/order", body);
    }

    private JsonNode awaitTerminal(String orderId) throws Exception {
        return paddock.awaitTerminal(orderId, JOURNEY_TIMEOUT);
    }

    private String state(SseClient.Frame frame) {
        try {
            return json.readTree(frame.data()).path("state").asText();
        } catch (Exception e) {
            return "";
        }
    }
}
