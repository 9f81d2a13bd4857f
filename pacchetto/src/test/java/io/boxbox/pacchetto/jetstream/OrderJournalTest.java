package io.boxbox.pacchetto.jetstream;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxbox.pacchetto.identity.ServiceIdentity;
import io.boxbox.pacchetto.json.JsonConventions;
import io.boxbox.pacchetto.order.Border;
import io.boxbox.pacchetto.order.IllegalTransitionException;
import io.boxbox.pacchetto.order.Order;
import io.boxbox.pacchetto.order.OrderEvent;
import io.boxbox.pacchetto.order.OrderSnapshot;
import io.boxbox.pacchetto.order.OrderState;
import io.boxbox.pacchetto.order.OrderType;
import io.boxbox.pacchetto.order.PizzaSize;
import io.boxbox.pacchetto.order.Transition;
import io.boxbox.pacchetto.testing.PrivateNats;
import io.nats.client.Connection;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.PullSubscribeOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The journal against a real JetStream: lifecycle enforcement, events, and compare-and-set. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrderJournalTest {

    private final ObjectMapper json = JsonConventions.apply(new ObjectMapper());
    private PrivateNats nats;
    private Connection connection;
    private OrderJournal journal;

    @BeforeAll
    void startBroker() throws Exception {
        nats = new PrivateNats();
        connection = Nats.connect(nats.url());
        new JetStreamTopology(connection, Duration.ofHours(1)).ensure();
        journal = new OrderJournal(connection.keyValue(Topology.ORDERS_BUCKET), connection.jetStream(), json,
                new ServiceIdentity("test", "test-1"));
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
        assertEquals(List.of(OrderState.RECEIVED), states(order.orderId()));
    }

    @Test
    void eachTransitionUpdatesTheSnapshotAndAppendsOneEvent() throws Exception {
        Order order = order();
        journal.open(order, "gateway", null);
        journal.record(order.orderId(), Transition.to(OrderState.QUEUED, "Enzo (maestro)", "on the pass"));
        journal.record(order.orderId(), Transition.to(OrderState.MAKING_DOUGH, "Enzo (maestro)", "dough ordered")
                .amending(s -> s.withPanettiere("Gino")));

        OrderSnapshot snapshot = journal.find(order.orderId()).orElseThrow();
        assertEquals(OrderState.MAKING_DOUGH, snapshot.state());
        assertEquals("Gino", snapshot.panettiere());
        assertEquals(List.of(OrderState.RECEIVED, OrderState.QUEUED, OrderState.MAKING_DOUGH), states(order.orderId()));
    }

    @Test
    void anIllegalTransitionIsRefusedAndChangesNothing() throws Exception {
        Order order = order();
        journal.open(order, "gateway", null);
        assertThrows(IllegalTransitionException.class,
                () -> journal.record(order.orderId(), Transition.to(OrderState.DELIVERED, "someone", "skipping the kitchen")));
        assertEquals(OrderState.RECEIVED, journal.find(order.orderId()).orElseThrow().state());
        assertEquals(List.of(OrderState.RECEIVED), states(order.orderId()));
    }

    @Test
    void concurrentUpdatesOfOneOrderLoseNone() throws Exception {
        Order order = order();
        journal.open(order, "gateway", null);
        int writers = 8;
        int updatesEach = 25;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < updatesEach; i++) {
                        journal.annotate(order.orderId(), s -> s.withDelivery("Kimi", null,
                                (s.etaSeconds() == null ? 0 : s.etaSeconds()) + 1));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(writers * updatesEach, journal.find(order.orderId()).orElseThrow().etaSeconds());
    }

    private List<OrderState> states(String orderId) throws Exception {
        JetStreamSubscription events = connection.jetStream().subscribe(Topology.eventSubject(orderId),
                PullSubscribeOptions.builder().build());
        List<OrderState> states = new ArrayList<>();
        for (Message message : events.fetch(100, Duration.ofMillis(500))) {
            states.add(json.readValue(message.getData(), OrderEvent.class).state());
            message.ack();
        }
        events.unsubscribe();
        return states;
    }

    private static Order order() {
        return new Order(UUID.randomUUID().toString(), "charles", PizzaSize.MEDIUM, List.of("tomato"), Border.NONE,
                OrderType.TAKEOUT, null, Instant.now());
    }
}
