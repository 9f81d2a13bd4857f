package io.boxbox.pacchetto.jetstream;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxbox.pacchetto.identity.ServiceIdentity;
import io.boxbox.pacchetto.json.JsonConventions;
import io.boxbox.pacchetto.order.IllegalTransitionException;
import io.boxbox.pacchetto.order.Order;
import io.boxbox.pacchetto.order.OrderEvent;
import io.boxbox.pacchetto.order.OrderState;
import io.boxbox.pacchetto.order.StaleAttemptException;
import io.boxbox.pacchetto.order.Transition;
import io.boxbox.pacchetto.telemetry.OrderMeter;
import io.boxbox.pacchetto.testing.PrivateNats;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamOptions;
import io.nats.client.Nats;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A journal that remembers its orders' last entries appends the next change without reading the
 * entry back, and still decides on the latest entry whenever another writer came between.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RememberedEntriesTest {

    private static final String MAESTRO = "Enzo (maestro)";
    private static final ServiceIdentity IDENTITY = new ServiceIdentity("test", "test-1");

    private final ObjectMapper json = JsonConventions.apply(new ObjectMapper());
    private final AtomicInteger reads = new AtomicInteger();
    private PrivateNats nats;
    private Connection connection;
    private OrderJournal remembering;
    private OrderJournal rival;

    @BeforeAll
    void startBroker() throws Exception {
        nats = new PrivateNats();
        connection = Nats.connect(nats.url());
        new JetStreamTopology(connection, Duration.ofHours(1)).ensure();
        JetStreamOptions options = JetStreamOptions.builder().requestTimeout(Duration.ofSeconds(5)).build();
        OrderEventLog counted = new OrderEventLog(connection.jetStream(options), connection.jetStreamManagement(options),
                json, Duration.ofSeconds(5)) {
            @Override
            public Optional<Entry> last(String orderId) throws IOException, JetStreamApiException {
                reads.incrementAndGet();
                return super.last(orderId);
            }
        };
        remembering = new OrderJournal(counted, new DeliveryNotes(connection.keyValue(Topology.DELIVERIES_BUCKET), json),
                IDENTITY, Clock.systemUTC(), new OrderMeter(), new LastEntries(16));
        rival = new OrderJournal(connection, Duration.ofSeconds(5), json, IDENTITY);
    }

    @AfterAll
    void stopBroker() throws Exception {
        connection.close();
        nats.close();
    }

    @Test
    void theNextChangeOfAnOrderInFlightIsAppendedWithoutReadingFirst() throws Exception {
        Order order = OrderJournalTest.order();
        remembering.open(order, "gateway", null);
        int before = reads.get();
        remembering.record(order.orderId(), Transition.to(OrderState.QUEUED, MAESTRO, "on the pass"));
        remembering.record(order.orderId(), Transition.to(OrderState.MAKING_DOUGH, MAESTRO, "dough ordered"));

        assertEquals(0, reads.get() - before);
        assertEquals(List.of(OrderState.RECEIVED, OrderState.QUEUED, OrderState.MAKING_DOUGH), states(order));
        assertEquals(List.of(1L, 2L, 3L), JournalEntries.of(connection, json, order.orderId()).stream()
                .map(OrderEvent::revision).toList());
    }

    @Test
    void aChangeAfterAnotherWritersEntryIsAppliedToThatEntry() throws Exception {
        Order order = OrderJournalTest.order();
        remembering.open(order, "gateway", null);
        remembering.record(order.orderId(), Transition.to(OrderState.QUEUED, MAESTRO, "on the pass"));
        rival.record(order.orderId(), Transition.to(OrderState.MAKING_DOUGH, "Mattia (maestro)", "dough ordered"));

        remembering.record(order.orderId(), Transition.to(OrderState.MAKING_DOUGH, MAESTRO, "dough made"));

        List<OrderEvent> entries = JournalEntries.of(connection, json, order.orderId());
        assertEquals(List.of(OrderState.RECEIVED, OrderState.QUEUED, OrderState.MAKING_DOUGH, OrderState.MAKING_DOUGH),
                entries.stream().map(OrderEvent::state).toList());
        assertEquals(List.of(1L, 2L, 3L, 4L), entries.stream().map(OrderEvent::revision).toList());
        assertEquals("dough made", entries.getLast().detail());
    }

    @Test
    void aWriterFencedOutSinceItsLastEntryIsRefused() throws Exception {
        Order order = OrderJournalTest.order();
        remembering.open(order, "gateway", null);
        remembering.record(order.orderId(), Transition.to(OrderState.QUEUED, MAESTRO, "on the pass")
                .amending(s -> s.withAttempt(1)).byAttempt(1));
        rival.record(order.orderId(), Transition.to(OrderState.QUEUED, "Mattia (maestro)", "taken over")
                .amending(s -> s.withAttempt(2)).byAttempt(2));

        assertThrows(StaleAttemptException.class, () -> remembering.record(order.orderId(),
                Transition.to(OrderState.MAKING_DOUGH, MAESTRO, "dough ordered").byAttempt(1)));
        assertEquals(List.of(OrderState.RECEIVED, OrderState.QUEUED, OrderState.QUEUED), states(order));
    }

    @Test
    void aCancelSinceItsLastEntryStopsTheWriter() throws Exception {
        Order order = OrderJournalTest.order();
        remembering.open(order, "gateway", null);
        remembering.record(order.orderId(), Transition.to(OrderState.QUEUED, MAESTRO, "on the pass"));
        rival.record(order.orderId(), Transition.to(OrderState.CANCELLED, "charles", "cancelled by the customer"));

        assertThrows(IllegalTransitionException.class, () -> remembering.record(order.orderId(),
                Transition.to(OrderState.MAKING_DOUGH, MAESTRO, "dough ordered")));
        assertEquals(OrderState.CANCELLED, states(order).getLast());
    }

    @Test
    void aRepeatOfItsOwnChangeIsANoOpOnlyWhenNothingCameAfterIt() throws Exception {
        Order order = OrderJournalTest.order();
        remembering.open(order, "gateway", null);
        Transition queued = Transition.to(OrderState.QUEUED, MAESTRO, "on the pass");
        remembering.record(order.orderId(), queued);
        rival.record(order.orderId(), Transition.to(OrderState.MAKING_DOUGH, "Mattia (maestro)", "dough ordered"));

        // Not a no-op any more: the order moved on, and the lifecycle never goes back to QUEUED.
        assertThrows(IllegalTransitionException.class, () -> remembering.record(order.orderId(), queued));
    }

    @Test
    void anOrderUnderWayHasNotEndedAndACancelSinceItsLastEntryIsSeen() throws Exception {
        Order order = OrderJournalTest.order();
        remembering.open(order, "gateway", null);
        remembering.record(order.orderId(), Transition.to(OrderState.QUEUED, MAESTRO, "on the pass"));
        assertEquals(Optional.empty(), remembering.ended(order.orderId()));

        rival.record(order.orderId(), Transition.to(OrderState.CANCELLED, "charles", "cancelled by the customer"));

        assertEquals(Optional.of(OrderState.CANCELLED), remembering.ended(order.orderId()));
    }

    @Test
    void aChangeByAnotherWriterThatIsNoEndIsNoEnd() throws Exception {
        Order order = OrderJournalTest.order();
        remembering.open(order, "gateway", null);
        rival.record(order.orderId(), Transition.to(OrderState.QUEUED, "Mattia (maestro)", "on the pass"));

        assertEquals(Optional.empty(), remembering.ended(order.orderId()));
        // and the entry it read is the one the next change follows
        remembering.record(order.orderId(), Transition.to(OrderState.MAKING_DOUGH, MAESTRO, "dough ordered"));
        assertEquals(List.of(OrderState.RECEIVED, OrderState.QUEUED, OrderState.MAKING_DOUGH), states(order));
    }

    private List<OrderState> states(Order order) throws Exception {
        return JournalEntries.of(connection, json, order.orderId()).stream().map(OrderEvent::state).toList();
    }
}
