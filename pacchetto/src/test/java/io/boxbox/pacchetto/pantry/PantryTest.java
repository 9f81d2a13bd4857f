package io.boxbox.pacchetto.pantry;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxbox.pacchetto.jetstream.JetStreamTopology;
import io.boxbox.pacchetto.jetstream.Topology;
import io.boxbox.pacchetto.json.JsonConventions;
import io.boxbox.pacchetto.testing.PrivateNats;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Subscription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pantry against a real JetStream: concurrent takes and restocks from two connections, all-or-nothing takes, low stock. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PantryTest {

    private final ObjectMapper json = JsonConventions.apply(new ObjectMapper());
    private PrivateNats nats;
    private Connection first;
    private Connection second;

    @BeforeAll
    void startBroker() throws Exception {
        nats = new PrivateNats();
        first = Nats.connect(nats.url());
        second = Nats.connect(nats.url());
        new JetStreamTopology(first, Duration.ofHours(1)).ensure();
    }

    @AfterAll
    void stopBroker() throws Exception {
        first.close();
        second.close();
        nats.close();
    }

    private Pantry pantry(Connection connection, PantrySettings settings) throws Exception {
        return new Pantry(connection.keyValue(Topology.PANTRY_BUCKET), connection, settings, new Ingredients(), json,
                new PantryMeter());
    }

    @Test
    void takesFromTwoConnectionsAtOnceAreEachCountedOnce() throws Exception {
        PantrySettings settings = new PantrySettings(1000, 0, 1000, 1000, 0, 1000);
        Pantry one = pantry(first, settings);
        Pantry other = pantry(second, settings);
        int perThread = 40;
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Void>> work = new ArrayList<>();
            for (Pantry pantry : List.of(one, other, one, other)) {
                work.add(() -> {
                    for (int i = 0; i < perThread; i++) {
                        assertInstanceOf(Take.Taken.class, pantry.take(List.of("basil", "olives")));
                    }
                    return null;
                });
            }
            for (Future<Void> done : pool.invokeAll(work)) {
                done.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1000 - 4 * perThread, one.shelf("basil").stock());
        assertEquals(1000 - 4 * perThread, other.shelf("olives").stock());
    }

    @Test
    void portionsPutBackWhileOthersTakeAreCountedExactly() throws Exception {
        PantrySettings settings = new PantrySettings(500, 0, 200, 500, 0, 500);
        Pantry one = pantry(first, settings);
        Pantry other = pantry(second, settings);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Future<?> takesA = pool.submit(() -> takeMany(one, "anchovies", 50));
            Future<?> takesB = pool.submit(() -> takeMany(other, "anchovies", 50));
            Future<?> back = pool.submit(() -> {
                for (int i = 0; i < 30; i++) {
                    other.giveBack(List.of("anchovies"));
                }
                return null;
            });
            takesA.get();
            takesB.get();
            back.get();
        } finally {
            pool.shutdownNow();
        }
        assertEquals(200 - 100 + 30, one.shelf("anchovies").stock());
    }

    private static Void takeMany(Pantry pantry, String ingredient, int n) throws Exception {
        for (int i = 0; i < n; i++) {
            assertInstanceOf(Take.Taken.class, pantry.take(List.of(ingredient)));
        }
        return null;
    }

    @Test
    void aShelfRestockedElsewhereSinceItLookedEmptyIsTakenFrom() throws Exception {
        PantrySettings settings = new PantrySettings(100, 0, 100, 100, 0, 100);
        Pantry chef = pantry(first, settings);
        Pantry supplier = pantry(second, settings);
        chef.set("mushrooms", 1);
        assertInstanceOf(Take.Taken.class, chef.take(List.of("mushrooms")));
        // This pantry last saw the shelf empty; the supplier (another process) fills it meanwhile.
        supplier.restock("mushrooms");

        assertInstanceOf(Take.Taken.class, chef.take(List.of("mushrooms")));
        assertEquals(99, supplier.shelf("mushrooms").stock());
    }

    @Test
    void aTakeAfterAnotherProcessTookFromTheShelfCountsBoth() throws Exception {
        PantrySettings settings = new PantrySettings(100, 0, 100, 100, 0, 100);
        Pantry one = pantry(first, settings);
        Pantry other = pantry(second, settings);
        one.set("ham", 50);
        one.take(List.of("ham"));
        other.take(List.of("ham"));

        one.take(List.of("ham")); // its remembered shelf (49) is out of date: re-read, not overwritten

        assertEquals(47, other.shelf("ham").stock());
    }

    @Test
    void aTakeShortOfOneIngredientLeavesTheOthersUntouched() throws Exception {
        Pantry pantry = pantry(first, new PantrySettings(100, 10, 100, 100, 10, 100));
        pantry.set("mozzarella", 0);
        Instant back = Instant.parse("2026-12-02T14:05:00Z");
        pantry.expectBack("mozzarella", back);
        int tomato = pantry.shelf("tomato").stock();
        int pineapple = pantry.shelf("pineapple").stock();

        Take take = pantry.take(List.of("tomato", "pineapple", "mozzarella"));

        Take.Short missing = assertInstanceOf(Take.Short.class, take);
        assertEquals(List.of("mozzarella"), missing.missing());
        assertEquals(back, missing.expectedBack());
        assertEquals(tomato, pantry.shelf("tomato").stock());
        assertEquals(pineapple, pantry.shelf("pineapple").stock());
        assertEquals(0, pantry.shelf("mozzarella").stock());
    }

    @Test
    void aShelfGoingLowIsAnnouncedOnceAndRestockedToCapacity() throws Exception {
        Pantry pantry = pantry(first, new PantrySettings(20, 18, 20, 20, 18, 20));
        Subscription low = second.subscribe(Pantry.LOW_STOCK_SUBJECT_PREFIX + "gelato");
        second.flush(Duration.ofSeconds(2));
        pantry.take(List.of("gelato"));
        pantry.take(List.of("gelato"));  // 18: at the threshold, announced
        pantry.take(List.of("gelato"));  // 17: still low, not announced again
        var event = low.nextMessage(Duration.ofSeconds(2));
        assertNotNull(event);
        Shelf announced = json.readValue(new String(event.getData(), StandardCharsets.UTF_8), Shelf.class);
        assertEquals(18, announced.stock());
        assertEquals(null, low.nextMessage(Duration.ofMillis(200)));

        Shelf full = pantry.restock("gelato");
        assertEquals(20, full.stock());
        assertEquals(null, full.expectedBack());
    }
}
