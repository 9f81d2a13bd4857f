package io.boxbox.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kitchen with its people behaving as people do (time scale 0.01, fixed seed): they sleep,
 * lunch, smoke and burn pizzas, and fault injection makes them do it on cue. Orders still all
 * arrive, each exactly once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HumanBehaviourIT {

    private static final Duration PATIENCE = Duration.ofSeconds(90);

    private Mesh mesh;
    private PaddockClient paddock;

    @BeforeAll
    void startMesh() throws Exception {
        // Routine breaks are kept rare so that what a test provokes is what it sees. Remakes are
        // capped high: at the 20 % burn rate below a pizza burns four times running once in 625,
        // and the default cap (3) then fails its order — right, but not what these tests are about
        // (a suite run saw it once).
        mesh = Mesh.start(Map.of(
                "BOXBOX_PANETTIERE_PERIOD_BETWEEN_SLEEP", "3000s",
                "BOXBOX_MAESTRO_PERIOD_BETWEEN_LUNCH", "3000s",
                "BOXBOX_CHEF_PROBABILITY_OF_BURNING", "0",
                "BOXBOX_MAESTRO_MAX_REMAKES", "10"));
        paddock = new PaddockClient(mesh);
    }

    @AfterAll
    void stopMesh() throws Exception {
        if (mesh != null) {
            mesh.close();
        }
    }

    @Test
    void withTheWholePanettiereCrewAsleepOrdersWaitAndAllCompleteWhenTheyWake() throws Exception {
        absence("panettiere", null, "ASLEEP", 1000);
        JsonNode panettieri = staffOf("panettiere");
        assertTrue(panettieri.size() >= 2);
        panettieri.forEach(p -> assertEquals("ASLEEP", p.get("state").asText(), p.toString()));

        List<String> orders = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            orders.add(paddock.placeDelivery("sleepy-" + i, "mclaren_garage"));
        }
        for (String orderId : orders) {
            assertEquals("DELIVERED", paddock.awaitTerminal(orderId, PATIENCE).get("state").asText());
            List<JsonNode> events = paddock.events(orderId);
            JsonNode wait = events.stream().filter(e -> e.get("state").asText().equals("WAITING_FOR_DOUGH")).findFirst()
                    .orElseThrow(() -> new AssertionError("no WAITING_FOR_DOUGH in " + PaddockClient.states(events)));
            assertTrue(wait.get("detail").asText().contains("asleep"), "the wait says why: " + wait);
            List<String> states = PaddockClient.states(events);
            assertTrue(states.indexOf("WAITING_FOR_DOUGH") < states.lastIndexOf("MAKING_DOUGH"), states.toString());
        }
    }

    /**
     * The check must fall inside the lunch: the roster's heartbeat wait (1.5 s), placing the order
     * and the second of patience already take 3 s or more on a busy machine, so the lunch lasts
     * 6 s (600 simulated s). With 3 s the check came after the lunch and passed only while the
     * maestro was slow to pick up after it (a fetch of a whole batch waited out its max-wait).
     */
    @Test
    void withTheMaestriAtLunchNothingIsFetchedUntilTheyAreBack() throws Exception {
        absence("maestro", null, "AT_LUNCH", 600);
        Instant backAt = StreamSupport.stream(staffOf("maestro").spliterator(), false)
                .map(p -> Instant.parse(p.get("until").asText())).min(Instant::compareTo).orElseThrow();

        String orderId = paddock.placeDelivery("hungry", "race_control");
        Thread.sleep(1000);
        String state = paddock.snapshot(orderId).get("state").asText();
        assertTrue(Instant.now().isBefore(backAt), "the check came after the lunch (ended " + backAt + ")");
        assertEquals("RECEIVED", state, "nobody took it off the queue");

        assertEquals("DELIVERED", paddock.awaitTerminal(orderId, PATIENCE).get("state").asText());
        JsonNode queued = paddock.events(orderId).stream().filter(e -> e.get("state").asText().equals("QUEUED"))
                .findFirst().orElseThrow();
        assertFalse(Instant.parse(queued.get("at").asText()).isBefore(backAt),
                "picked up at " + queued.get("at") + ", lunch ended " + backAt);
    }

    @Test
    void aBurntPizzaIsRemadeFromTheDough() throws Exception {
        setMishap("chef-sim", "burn", 1.0);
        String orderId = paddock.placeDelivery("unlucky", "media_centre");
        awaitState(orderId, "REMAKING");
        setMishap("chef-sim", "burn", 0.0);

        assertEquals("DELIVERED", paddock.awaitTerminal(orderId, PATIENCE).get("state").asText());
        List<String> states = PaddockClient.states(paddock.events(orderId));
        int remade = states.indexOf("REMAKING");
        assertEquals("IN_OVEN", states.get(remade - 1), states.toString());
        assertTrue(states.subList(remade, states.size()).contains("MAKING_DOUGH"), "remade from the dough: " + states);
        assertEquals(1, states.stream().filter("DELIVERED"::equals).count());
    }

    @Test
    void underEveryBehaviourNoOrderIsLostOrDeliveredTwice() throws Exception {
        setMishap("chef-sim", "burn", 0.2);
        setMishap("driver-sim", "detour", 0.3);
        absence("panettiere", "Gino", "ASLEEP", 100);
        List<String> orders = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            orders.add(paddock.placeDelivery("tifoso-" + i, i % 2 == 0 ? "ferrari_garage" : "paddock_gate"));
        }
        try {
            for (String orderId : orders) {
                assertEquals("DELIVERED", paddock.awaitTerminal(orderId, PATIENCE).get("state").asText());
                List<String> states = PaddockClient.states(paddock.events(orderId));
                assertEquals(1, states.stream().filter("DELIVERED"::equals).count(), orderId + ": " + states);
                assertEquals("RECEIVED", states.getFirst());
            }
        } finally {
            setMishap("chef-sim", "burn", 0.0);
            setMishap("driver-sim", "detour", 0.0);
        }
    }

    /**
     * The pantry (issue 11): race control empties the mozzarella. The menu shows it unavailable, a
     * new order naming it is refused with the supplier's time, and an order accepted just before
     * (held at the dough station by a one-second nap so it reaches the chef after the shelf is
     * empty) waits in WAITING_FOR_STOCK and is made after the supplier's delivery; nothing FAILED.
     */
    @Test
    void outOfMozzarellaTheMenuSaysSoNewOrdersAreRefusedAndAnAcceptedOneWaitsForTheSupplier() throws Exception {
        absence("panettiere", null, "ASLEEP", 100);
        String early = paddock.placeDelivery("early-bird", "ferrari_garage");
        HttpResponse<String> emptied = paddock.put("/admin/v1/pantry/mozzarella", "{\"stock\":0}");
        assertEquals(200, emptied.statusCode(), emptied.body());

        JsonNode toppings = paddock.json(paddock.get("/v1/menu").body()).get("pizza_toppings");
        JsonNode mozzarella = StreamSupport.stream(toppings.spliterator(), false)
                .filter(t -> t.get("id").asText().equals("mozzarella")).findFirst().orElseThrow();
        assertFalse(mozzarella.get("available").asBoolean(), mozzarella.toString());

        JsonNode shelf = awaitShelf("mozzarella", s -> s.hasNonNull("expected_back"));
        Instant expectedBack = Instant.parse(shelf.get("expected_back").asText());
        HttpResponse<String> refused = paddock.post("/v1/order", """
                {"username":"late","size":"small","toppings":["basil","mozzarella"],"order_type":"takeout"}""");
        assertEquals(422, refused.statusCode(), refused.body());
        JsonNode error = paddock.json(refused.body()).get("errors").get(0);
        assertEquals("toppings[1]", error.get("field").asText());
        assertTrue(error.get("message").asText().startsWith("mozzarella is out of stock; the supplier is expected by"),
                error.toString());
        awaitSupplierDriving();

        assertEquals("DELIVERED", paddock.awaitTerminal(early, PATIENCE).get("state").asText());
        List<JsonNode> events = paddock.events(early);
        List<String> states = PaddockClient.states(events);
        assertFalse(states.contains("FAILED"), states.toString());
        JsonNode wait = events.stream().filter(e -> e.get("state").asText().equals("WAITING_FOR_STOCK")).findFirst()
                .orElseThrow(() -> new AssertionError("no WAITING_FOR_STOCK in " + states));
        assertTrue(wait.get("detail").asText().contains("mozzarella"), "the wait says why: " + wait);
        JsonNode topped = events.stream().filter(e -> e.get("state").asText().equals("TOPPING")).reduce((a, b) -> b)
                .orElseThrow();
        assertTrue(states.indexOf("WAITING_FOR_STOCK") < states.lastIndexOf("TOPPING"), states.toString());
        assertFalse(Instant.parse(topped.get("at").asText()).isBefore(expectedBack.minusSeconds(1)),
                "topped at " + topped.get("at") + ", the supplier was due " + expectedBack);
        assertTrue(awaitShelf("mozzarella", s -> !s.hasNonNull("expected_back")).get("stock").asInt() > 0);
    }

    /** The supplier on the road in GET /v1/staff, once a heartbeat (1 s) has shown it. */
    private void awaitSupplierDriving() throws Exception {
        Instant deadline = Instant.now().plusSeconds(5);
        while (Instant.now().isBefore(deadline)) {
            if (StreamSupport.stream(paddock.json(paddock.get("/v1/staff").body()).get("staff").spliterator(), false)
                    .anyMatch(p -> p.get("service").asText().equals("supplier") && p.get("state").asText().equals("DRIVING"))) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the supplier is not on the road in GET /v1/staff");
    }

    private JsonNode awaitShelf(String ingredient, java.util.function.Predicate<JsonNode> condition) throws Exception {
        Instant deadline = Instant.now().plus(PATIENCE);
        while (Instant.now().isBefore(deadline)) {
            for (JsonNode shelf : paddock.json(paddock.get("/v1/pantry").body()).get("shelves")) {
                if (shelf.get("ingredient").asText().equals(ingredient) && condition.test(shelf)) {
                    return shelf;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the " + ingredient + " shelf never got there");
    }

    @Test
    void theAdminEndpointsRefuseWithoutTheToken() throws Exception {
        HttpResponse<String> response = paddock.http().send(java.net.http.HttpRequest.newBuilder(
                        paddock.gateway().resolve("/admin/v1/mishaps/chef-sim")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, response.statusCode());
        assertEquals(422, paddock.put("/admin/v1/mishaps/chef-sim/teleport", "{\"probability\":0.5}").statusCode());
    }

    private void absence(String service, String person, String kind, double simulatedSeconds) throws Exception {
        String body = person == null
                ? "{\"kind\":\"%s\",\"duration_s\":%s}".formatted(kind, simulatedSeconds)
                : "{\"person\":\"%s\",\"kind\":\"%s\",\"duration_s\":%s}".formatted(person, kind, simulatedSeconds);
        HttpResponse<String> response = paddock.post("/admin/v1/crew/" + service + "/absence", body);
        assertEquals(200, response.statusCode(), response.body());
    }

    private void setMishap(String service, String mishap, double probability) throws Exception {
        HttpResponse<String> response = paddock.put("/admin/v1/mishaps/" + service + "/" + mishap,
                "{\"probability\":" + probability + "}");
        assertEquals(200, response.statusCode(), response.body());
    }

    /** The people of one service in GET /v1/staff, once their heartbeat shows the latest state. */
    private JsonNode staffOf(String service) throws Exception {
        Thread.sleep(1500); // one heartbeat interval and a bit
        JsonNode staff = paddock.json(paddock.get("/v1/staff").body()).get("staff");
        List<JsonNode> people = new ArrayList<>();
        staff.forEach(p -> {
            if (p.get("service").asText().equals(service)) {
                people.add(p);
            }
        });
        return paddock.json(people.toString());
    }

    private void awaitState(String orderId, String state) throws Exception {
        Instant deadline = Instant.now().plus(PATIENCE);
        while (Instant.now().isBefore(deadline)) {
            if (PaddockClient.states(paddock.events(orderId)).contains(state)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(orderId + " never reached " + state);
    }
}
