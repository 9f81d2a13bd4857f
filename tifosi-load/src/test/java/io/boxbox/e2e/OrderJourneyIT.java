package io.boxbox.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
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
 * Orders from POST to delivered, through real processes: the gateway queues them on JetStream,
 * the maestro pulls them and calls panettiere, chef-sim and driver-sim over gRPC (one dough and
 * one oven slot per pizza).
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
        // Two panettiere replicas (as ./boxbox up --ha): every journey here is balanced over them.
        mesh = Mesh.startWithTwoPanettieri(Mesh.CALM_KITCHEN);
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

    /**
     * Issue 13: one panettiere replica's whole crew is put to sleep through the admin endpoint
     * (naming its people: the replicas have their own). Its health says NOT_SERVING, so the
     * maestro's round_robin leaves it out: every dough meanwhile comes from the other replica, and
     * no order records a wait. Orders go one after another, so the awake replica (two people)
     * always has free hands and a wait would be the sleeping replica's doing.
     */
    @Test
    void withOnePanettiereReplicaAsleepEveryDoughComesFromTheOtherAndNobodyWaits() throws Exception {
        // Awake, both replicas make dough: the maestro really balances (so what follows is not one address).
        boolean secondReplicaBaked = false;
        for (int i = 0; i < 6 && !secondReplicaBaked; i++) {
            secondReplicaBaked = Mesh.SECOND_PANETTIERE_CREW.contains(takeoutDoughBy("awake-" + i));
        }
        assertTrue(secondReplicaBaked, "panettiere-2 made none of six doughs while awake");
        for (String person : Mesh.SECOND_PANETTIERE_CREW) {
            HttpResponse<String> asleep = paddock.post("/admin/v1/crew/panettiere/absence",
                    "{\"person\":\"" + person + "\",\"kind\":\"ASLEEP\",\"duration_s\":3000}");
            assertEquals(200, asleep.statusCode(), asleep.body());
        }
        java.time.Instant deadline = java.time.Instant.now().plus(Duration.ofSeconds(10));
        while (mesh.serving("panettiere-2") && java.time.Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
        }
        assertTrue(!mesh.serving("panettiere-2"), "panettiere-2 reports NOT_SERVING with its crew asleep");
        for (int i = 0; i < 4; i++) {
            String panettiere = takeoutDoughBy("asleep-" + i);
            assertTrue(!Mesh.SECOND_PANETTIERE_CREW.contains(panettiere), "dough by " + panettiere + ", who is asleep");
        }
    }

    /** One one-pizza takeout to its end, with no wait for dough: who made the dough. */
    private String takeoutDoughBy(String username) throws Exception {
        String orderId = placeOrder("""
                {"username":"%s","size":"small","toppings":["tomato"],"border":"none","order_type":"takeout"}"""
                .formatted(username)).get("order_id").asText();
        JsonNode snapshot = awaitTerminal(orderId);
        List<JsonNode> events = paddock.events(orderId);
        assertEquals("READY_FOR_PICKUP", snapshot.get("state").asText(), events.toString());
        assertTrue(!PaddockClient.states(events).contains("WAITING_FOR_DOUGH"), "no wait: " + events);
        return snapshot.at("/pizzas/0/panettiere").asText();
    }

    /**
     * Issue 11: an order of items is made pizza by pizza. Three pizzas and two drinks are three doughs
     * and three oven slots; the first pizza to burn (chef-sim burns everything until the burn is
     * heard, then nothing) is remade alone; the order is delivered once and billed at the menu's prices.
     */
    @Test
    void threePizzasAndTwoDrinksAreMadePizzaByPizzaWithABurntOneRemadeAloneAndBilledFromTheMenu() throws Exception {
        JsonNode menu = json.readTree(paddock.get("/v1/menu").body());
        String body = """
                {"username":"kimi","order_type":"delivery","destination":"ferrari_garage","items":[
                  {"kind":"pizza","size":"medium","toppings":["tomato","mozzarella"],"border":"none","quantity":2},
                  {"kind":"pizza","size":"large","toppings":["tomato"],"quantity":1},
                  {"kind":"item","id":"chinotto","quantity":2}]}""";
        JsonNode snapshot;
        List<JsonNode> events;
        try (Connection nats = Nats.connect(mesh.natsUrl())) {
            CompletableFuture<String> firstBurn = new CompletableFuture<>();
            Dispatcher burns = nats.createDispatcher(message -> {
                String event = new String(message.getData(), java.nio.charset.StandardCharsets.UTF_8);
                if (event.contains("\"REMAKING\"") && event.contains("burnt")) {
                    firstBurn.complete(message.getSubject());
                }
            });
            burns.subscribe("orders.events.>");
            setBurn(1.0);
            String orderId;
            try {
                orderId = placeOrder(body).get("order_id").asText();
                firstBurn.get(JOURNEY_TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            } finally {
                setBurn(0.0);
            }
            snapshot = awaitTerminal(orderId);
            events = paddock.events(orderId);
        }
        String history = events.toString();
        assertEquals("DELIVERED", snapshot.get("state").asText(), history);
        assertEquals(1, PaddockClient.states(events).stream().filter("DELIVERED"::equals).count(), history);
        assertEquals(1, PaddockClient.states(events).stream().filter("OUT_FOR_DELIVERY"::equals).count(), history);

        JsonNode pizzas = snapshot.get("pizzas");
        assertEquals(3, pizzas.size(), "three pizzas in the snapshot: " + snapshot);
        int burnt = 0;
        for (int number = 1; number <= 3; number++) {
            int burns = pizzaEntries(events, number, "REMAKING", "burnt");
            burnt += burns;
            assertEquals(1 + burns, pizzaEntries(events, number, "MAKING_DOUGH", "dough made"),
                    "pizza " + number + ": one dough, and one more per burn of this pizza only\n" + history);
            assertEquals(1 + burns, pizzaEntries(events, number, "IN_OVEN", ""),
                    "pizza " + number + ": one oven slot, and one more per burn of this pizza only\n" + history);
            JsonNode pizza = pizzas.get(number - 1);
            assertEquals(number, pizza.get("number").asInt());
            assertEquals("READY", pizza.get("state").asText());
            assertEquals(burns, pizza.get("remakes").asInt(), "pizza " + number);
        }
        assertTrue(burnt >= 1, "a pizza burnt: " + history);

        JsonNode bill = snapshot.get("bill");
        int subtotal = 2 * (price(menu, "pizza_sizes", "medium") + price(menu, "pizza_toppings", "tomato")
                + price(menu, "pizza_toppings", "mozzarella") + price(menu, "pizza_borders", "none"))
                + price(menu, "pizza_sizes", "large") + price(menu, "pizza_toppings", "tomato")
                + price(menu, "pizza_borders", "none")
                + 2 * price(menu, "drinks", "chinotto");
        assertEquals(subtotal, bill.get("subtotal_cents").asInt(), "the bill's subtotal from the menu: " + bill + " " + menu);
        assertEquals(subtotal + menu.get("delivery_fee_cents").asInt(), bill.get("total_cents").asInt(), bill.toString());
    }

    /** Entries of pizza {@code number} that left it at {@code stage} (its stage in the entry's snapshot). */
    private static int pizzaEntries(List<JsonNode> events, int number, String stage, String detail) {
        int count = 0;
        for (JsonNode event : events) {
            if (event.path("pizza").asInt() != number || !event.path("detail").asText().contains(detail)) {
                continue;
            }
            for (JsonNode pizza : event.path("snapshot").path("pizzas")) {
                if (pizza.path("number").asInt() == number && pizza.path("state").asText().equals(stage)) {
                    count++;
                }
            }
        }
        return count;
    }

    /** The price in cents of menu entry {@code id} in {@code section} (an id the menu must list). */
    private static int price(JsonNode menu, String section, String id) {
        for (JsonNode entry : menu.path(section)) {
            if (entry.path("id").asText().equals(id)) {
                return entry.get("price_cents").asInt();
            }
        }
        throw new AssertionError("GET /v1/menu lists no " + id + " in " + section + ": " + menu);
    }

    private void setBurn(double probability) throws Exception {
        HttpResponse<String> response = paddock.put("/admin/v1/mishaps/chef-sim/burn", "{\"probability\":" + probability + "}");
        assertEquals(200, response.statusCode(), response.body());
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
