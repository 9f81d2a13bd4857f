package io.boxbox.pacchetto.jetstream;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxbox.pacchetto.identity.ServiceIdentity;
import io.boxbox.pacchetto.json.JsonConventions;
import io.boxbox.pacchetto.order.Border;
import io.boxbox.pacchetto.order.GeoPoint;
import io.boxbox.pacchetto.order.IllegalTransitionException;
import io.boxbox.pacchetto.order.Order;
import io.boxbox.pacchetto.order.OrderEvent;
import io.boxbox.pacchetto.order.OrderSnapshot;
import io.boxbox.pacchetto.order.OrderState;
import io.boxbox.pacchetto.order.OrderType;
import io.boxbox.pacchetto.order.PizzaSize;
import io.boxbox.pacchetto.order.StaleAttemptException;
import io.boxbox.pacchetto.order.Transition;
import io.boxbox.pacchetto.testing.PrivateNats;
import io.nats.client.Connection;
import io.nats.client.Nats;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The journal against a real JetStream: one entry per change, carrying its revision and the
 * snapshot after it; the lifecycle, fencing and no-op repeats; concurrent writers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrderJournalTest {

    private static final String MAESTRO = "Enzo (maestro)";

    private final ObjectMapper json = JsonConventions.apply(new ObjectMapper());
    private PrivateNats nats;
    private Connection connection;
    private OrderJournal journal;

    @BeforeAll
    void startBroker() throws Exception {
        nats = new PrivateNats();
        connection = Nats.connect(nats.url());
        new JetStreamTopology(connection, Duration.ofHours(1)).ensure();
        journal = new OrderJournal(connection, Duration.ofSeconds(5), json, new ServiceIdentity("test", "test-1"));
    }

    @AfterAll
    void stopBroker() throws Exception {
        connection.close();
        nats.close();
    }

    @Test
    void anOrderIsOpenedOnceEvenIfTwoWritersTry() throws Exception {
        Order order = order();
        assertTrue(journal.open(order, "gateway", null));
        assertFalse(journal.open(order, "maestro", null));
        List<OrderEvent> entries = entries(order);
        assertEquals(List.of(OrderState.RECEIVED), states(entries));
        assertEquals(1, entries.getFirst().revision());
        assertEquals(1, entries.getFirst().snapshot().revision());
    }

    @Test
    void writersOpeningAnOrderAtOnceStoreOneReceived() throws Exception {
        Order order = order();
        List<Boolean> opened = together(8, () -> journal.open(order, "gateway", null));
        assertEquals(1, opened.stream().filter(Boolean::booleanValue).count());
        assertEquals(List.of(OrderState.RECEIVED), states(entries(order)));
    }

    @Test
    void eachTransitionAppendsOneEntryWithItsRevisionAndTheSnapshotAfterIt() throws Exception {
        Order order = order();
        journal.open(order, "gateway", null);
        journal.record(order.orderId(), Transition.to(OrderState.QUEUED, MAESTRO, "on the pass"));
        OrderSnapshot returned = journal.record(order.orderId(),
                Transition.to(OrderState.MAKING_DOUGH, MAESTRO, "dough ordered").amending(s -> s.withPanettiere("Gino")));

        List<OrderEvent> entries = entries(order);
        assertEquals(List.of(OrderState.RECEIVED, OrderState.QUEUED, OrderState.MAKING_DOUGH), states(entries));
        assertEquals(List.of(1L, 2L, 3L), entries.stream().map(OrderEvent::revision).toList());
        OrderSnapshot last = entries.getLast().snapshot();
        assertEquals(OrderState.MAKING_DOUGH, last.state());
        assertEquals("Gino", last.panettiere());
        assertEquals(3, last.revision());
        assertEquals(last, returned);
    }

    @Test
    void findReadsTheLastEntry() throws Exception {
        Order order = order();
        assertTrue(journal.find(order.orderId()).isEmpty());
        journal.open(order, "gateway", "trace-1");
        journal.record(order.orderId(), Transition.to(OrderState.QUEUED, MAESTRO, "on the pass"));

        OrderSnapshot found = journal.find(order.orderId()).orElseThrow();
        assertEquals(entries(order).getLast().snapshot(), found);
        assertEquals(OrderState.QUEUED, found.state());
        assertEquals("trace-1", found.traceId());
        assertEquals(order.orderedAt(), found.orderedAt());
    }

    @Test
    void anIllegalTransitionIsRefusedAndChangesNothing() throws Exception {
        Order order = order();
        journal.open(order, "gateway", null);
        assertThrows(IllegalTransitionException.class,
                () -> journal.record(order.orderId(), Transition.to(OrderState.DELIVERED, "someone", "skipping the kitchen")));
        assertEquals(OrderState.RECEIVED, journal.find(order.orderId()).orElseThrow().state());
        assertEquals(List.of(OrderState.RECEIVED), states(entries(order)));
    }

    @Test
    void concurrentWritersNeverLoseNorDuplicateAChange() throws Exception {
        Order order = order();
        journal.open(order, "gateway", null);
        journal.record(order.orderId(), Transition.to(OrderState.QUEUED, MAESTRO, "on the pass"));
        int writers = 4;
        int changesEach = 25;
        List<Integer> ids = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            ids.add(w);
        }
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int writer : ids) {
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < changesEach; i++) {
                        journal.record(order.orderId(), Transition.to(OrderState.WAITING_FOR_DOUGH,
                                "writer " + writer, "change " + writer + "." + i));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }

        List<OrderEvent> entries = entries(order);
        int expected = 2 + writers * changesEach;
        assertEquals(expected, entries.size());
        Set<String> details = new HashSet<>();
        entries.stream().skip(2).forEach(e -> details.add(e.detail()));
        assertEquals(writers * changesEach, details.size(), "every change recorded exactly once");
        assertEquals(LongStream.rangeClosed(1, expected).boxed().toList(),
                entries.stream().map(OrderEvent::revision).toList(), "revisions without a gap or a repeat");
        assertEquals(expected, journal.find(order.orderId()).orElseThrow().revision());
    }

    @Test
    void aWriterOfAnOlderAttemptIsFencedOut() throws Exception {
        Order order = order();
        journal.open(order, "gateway", null);
        journal.record(order.orderId(), Transition.to(OrderState.QUEUED, MAESTRO, "on the pass").byAttempt(1));
        journal.record(order.orderId(), Transition.to(OrderState.QUEUED, "Carla (maestro)", "back on the pass (attempt 2)")
                .amending(s -> s.withAttempt(2)).byAttempt(2));

        StaleAttemptException refused = assertThrows(StaleAttemptException.class,
                () -> journal.record(order.orderId(), Transition.to(OrderState.MAKING_DOUGH, MAESTRO, "dough ordered").byAttempt(1)));
        assertEquals(1, refused.writerAttempt());
        assertEquals(2, refused.recordedAttempt());
        assertEquals(3, entries(order).size());

        // The current attempt and writers outside the kitchen still write.
        journal.record(order.orderId(), Transition.to(OrderState.MAKING_DOUGH, "Carla (maestro)", "dough ordered").byAttempt(2));
        OrderSnapshot cancelled = journal.record(order.orderId(),
                Transition.to(OrderState.CANCELLED, "charles (customer)", "cancelled by the customer"));
        assertEquals(OrderState.CANCELLED, cancelled.state());
        assertEquals(2, cancelled.attempt());
    }

    @Test
    void aRepeatOfTheLastChangeWritesNothing() throws Exception {
        Order order = order();
        journal.open(order, "gateway", null);
        Transition queued = Transition.to(OrderState.QUEUED, MAESTRO, "on the pass").byAttempt(1);
        OrderSnapshot first = journal.record(order.orderId(), queued);
        OrderSnapshot again = journal.record(order.orderId(), queued);
        assertEquals(first, again);
        assertEquals(List.of(OrderState.RECEIVED, OrderState.QUEUED), states(entries(order)));

        // A different detail is another change, even in the same state.
        journal.record(order.orderId(), Transition.to(OrderState.QUEUED, MAESTRO, "back on the pass (attempt 1)"));
        assertEquals(3, entries(order).size());
    }

    @Test
    void aRepeatOfAnEndStateIsANoOpNotARefusal() throws Exception {
        Order order = order();
        journal.open(order, "gateway", null);
        journal.record(order.orderId(), Transition.to(OrderState.QUEUED, MAESTRO, "on the pass"));
        Transition cancel = Transition.to(OrderState.CANCELLED, "charles (customer)", "cancelled by the customer");
        OrderSnapshot cancelled = journal.record(order.orderId(), cancel);
        assertEquals(cancelled, journal.record(order.orderId(), cancel));
        assertEquals(List.of(OrderState.RECEIVED, OrderState.QUEUED, OrderState.CANCELLED), states(entries(order)));
        // A different change of an ended order is still refused.
        assertThrows(IllegalTransitionException.class,
                () -> journal.record(order.orderId(), Transition.to(OrderState.FAILED, MAESTRO, "too late")));
    }

    @Test
    void trackDeliveryShowsOnFindAndNeverCreatesHistory() throws Exception {
        Order order = order();
        journal.open(order, "gateway", null);
        for (OrderState state : List.of(OrderState.QUEUED, OrderState.TOPPING, OrderState.IN_OVEN, OrderState.READY)) {
            journal.record(order.orderId(), Transition.to(state, MAESTRO, state.name()));
        }
        GeoPoint pizzeria = new GeoPoint(45.6205, 9.2822);
        journal.record(order.orderId(), Transition.to(OrderState.OUT_FOR_DELIVERY, "Kimi (driver)", "picked up")
                .amending(s -> s.withDelivery("Kimi", pizzeria, 300L)));
        int before = entries(order).size();

        GeoPoint onTheWay = new GeoPoint(45.6180, 9.2810);
        journal.trackDelivery(order.orderId(), "Kimi", new GeoPoint(45.6190, 9.2815), 200);
        journal.trackDelivery(order.orderId(), "Kimi", onTheWay, 120);

        OrderSnapshot found = journal.find(order.orderId()).orElseThrow();
        assertEquals(OrderState.OUT_FOR_DELIVERY, found.state());
        assertEquals("Kimi", found.driver());
        assertEquals(onTheWay, found.lastPosition());
        assertEquals(120L, found.etaSeconds());
        assertEquals(before, entries(order).size(), "positions are not history entries");

        GeoPoint garage = new GeoPoint(45.6150, 9.2790);
        journal.record(order.orderId(), Transition.to(OrderState.DELIVERED, "Kimi (driver)", "delivered")
                .amending(s -> s.withDelivery("Kimi", garage, 0L)));
        OrderSnapshot delivered = journal.find(order.orderId()).orElseThrow();
        assertEquals(OrderState.DELIVERED, delivered.state());
        assertEquals(garage, delivered.lastPosition(), "the recorded delivery outranks the older bookkeeping");
        assertEquals(0L, delivered.etaSeconds());
    }

    @Test
    void trackDeliveryOfAnUnknownOrderCreatesNoOrder() throws Exception {
        Order order = order();
        journal.trackDelivery(order.orderId(), "Kimi", new GeoPoint(45.6190, 9.2815), 200);
        assertTrue(journal.find(order.orderId()).isEmpty());
        assertTrue(entries(order).isEmpty());
    }

    private <T> List<T> together(int writers, Callable<T> write) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                done.add(pool.submit(() -> {
                    start.await();
                    return write.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : done) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private List<OrderEvent> entries(Order order) throws Exception {
        return JournalEntries.of(connection, json, order.orderId());
    }

    private static List<OrderState> states(List<OrderEvent> entries) {
        return entries.stream().map(OrderEvent::state).toList();
    }

    static Order order() {
        return new Order(UUID.randomUUID().toString(), "charles", PizzaSize.MEDIUM, List.of("tomato"), Border.NONE,
                OrderType.TAKEOUT, null, Instant.now());
    }
}
