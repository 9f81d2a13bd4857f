package io.boxbox.pacchetto.jetstream;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxbox.pacchetto.identity.ServiceIdentity;
import io.boxbox.pacchetto.json.JsonConventions;
import io.boxbox.pacchetto.order.Order;
import io.boxbox.pacchetto.order.OrderEvent;
import io.boxbox.pacchetto.order.OrderSnapshot;
import io.boxbox.pacchetto.order.OrderState;
import io.boxbox.pacchetto.order.Transition;
import io.boxbox.pacchetto.testing.PrivateNats;
import io.nats.client.Connection;
import io.nats.client.Nats;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The reported bug: a late idempotent retry, minutes after the order finished, re-recorded it
 * ("recorded again: the change was saved but its event may have been lost" — a second
 * READY_FOR_PICKUP). The old journal stored a repeat once only inside JetStream's 2-minute dedupe
 * window. Here the window is 1 s, and the order is handed in again well after it: what the gateway
 * and a redelivering maestro do (open it, record its end state again) must write nothing.
 * (On the starting commit the same scenario, with its then API open + ensureLatestEvent, stored a
 * second READY_FOR_PICKUP; that API is gone, so this test is the new journal's side of it.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RepeatBeyondTheDedupeWindowTest {

    private static final Duration WINDOW = Duration.ofSeconds(1);

    private final ObjectMapper json = JsonConventions.apply(new ObjectMapper());
    private PrivateNats nats;
    private Connection connection;
    private OrderJournal journal;

    @BeforeAll
    void startBroker() throws Exception {
        nats = new PrivateNats();
        connection = Nats.connect(nats.url());
        new JetStreamTopology(connection, Duration.ofHours(1), Duration.ofSeconds(30), 5,
                JetStreamTopology.IDEMPOTENCY_TTL, WINDOW).ensure();
        journal = new OrderJournal(connection, Duration.ofSeconds(5), json, new ServiceIdentity("test", "test-1"));
    }

    @AfterAll
    void stopBroker() throws Exception {
        connection.close();
        nats.close();
    }

    @Test
    void aFinishedOrderHandedInAgainAfterTheDedupeWindowGainsNoEntry() throws Exception {
        Order order = OrderJournalTest.order();
        String maestro = "Enzo (maestro)";
        Transition pickedUp = Transition.to(OrderState.READY_FOR_PICKUP, maestro, "ready at the counter").byAttempt(1);
        journal.open(order, "paddock-gateway", null);
        journal.record(order.orderId(), Transition.to(OrderState.QUEUED, maestro, "on the pass").byAttempt(1));
        journal.record(order.orderId(), Transition.to(OrderState.TOPPING, maestro, "topping").byAttempt(1));
        journal.record(order.orderId(), Transition.to(OrderState.IN_OVEN, maestro, "in the oven").byAttempt(1));
        journal.record(order.orderId(), Transition.to(OrderState.READY, maestro, "out of the oven").byAttempt(1));
        OrderSnapshot finished = journal.record(order.orderId(), pickedUp);

        // Three windows later, JetStream has forgotten every Nats-Msg-Id of this order.
        Thread.sleep(WINDOW.multipliedBy(3).toMillis());

        assertFalse(journal.open(order, "paddock-gateway", null), "the retry finds the order recorded");
        assertFalse(journal.open(order, maestro, null), "and so does the maestro it is redelivered to");
        assertEquals(finished, journal.record(order.orderId(), pickedUp), "the end state again is a no-op");

        List<OrderState> states = JournalEntries.of(connection, json, order.orderId()).stream()
                .map(OrderEvent::state).toList();
        assertEquals(List.of(OrderState.RECEIVED, OrderState.QUEUED, OrderState.TOPPING, OrderState.IN_OVEN,
                OrderState.READY, OrderState.READY_FOR_PICKUP), states);
        OrderSnapshot found = journal.find(order.orderId()).orElseThrow();
        assertEquals(order.orderedAt(), found.orderedAt(), "the first ordered_at stands");
        assertEquals(6, found.revision());
    }

    @Test
    void aRivalWritingAfterTheWindowLosesOnTheExpectedSequenceAlone() throws Exception {
        Order order = OrderJournalTest.order();
        journal.open(order, "paddock-gateway", null);
        OrderEventLog log = new OrderEventLog(connection.jetStream(), connection.jetStreamManagement(), json,
                Duration.ofSeconds(5));
        OrderEventLog.Entry received = log.last(order.orderId()).orElseThrow();
        journal.record(order.orderId(), Transition.to(OrderState.QUEUED, "Enzo (maestro)", "on the pass"));

        // The Nats-Msg-Id of revision 2 is forgotten: only the expected last subject sequence stops the rival.
        Thread.sleep(WINDOW.multipliedBy(3).toMillis());
        OrderSnapshot stale = received.event().snapshot();
        OrderEvent rival = OrderEvent.of(stale.withState(OrderState.CANCELLED, stale.updatedAt()).withRevision(2),
                "charles (customer)", "test-2", "cancelled by the customer");
        assertEquals(java.util.Optional.empty(), log.append(rival, received.sequence()));
        assertEquals(List.of(OrderState.RECEIVED, OrderState.QUEUED), JournalEntries.of(connection, json, order.orderId())
                .stream().map(OrderEvent::state).toList());
    }
}
