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
import io.nats.client.JetStreamOptions;
import io.nats.client.Nats;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Writes whose acknowledgement does not come: the broker is frozen (SIGSTOP) with the publish in
 * its socket, so the change is stored only once it thaws. However the tries and reads interleave
 * with the thaw, the change is stored exactly once, and a writer that gave up on an unknown
 * outcome and repeats the change finds it recorded.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UnansweredWritesTest {

    private static final Duration SHORT = Duration.ofMillis(200);

    private final ObjectMapper json = JsonConventions.apply(new ObjectMapper());
    private PrivateNats nats;
    private Connection connection;
    private OrderEventLog log;
    private OrderJournal journal;

    @BeforeAll
    void startBroker() throws Exception {
        nats = new PrivateNats();
        connection = Nats.connect(nats.url());
        new JetStreamTopology(connection, Duration.ofHours(1)).ensure();
        JetStreamOptions options = JetStreamOptions.builder().requestTimeout(SHORT).build();
        log = new OrderEventLog(connection.jetStream(options), connection.jetStreamManagement(options), json, SHORT);
        journal = new OrderJournal(log, new DeliveryNotes(connection.keyValue(Topology.DELIVERIES_BUCKET), json),
                new ServiceIdentity("test", "test-1"));
    }

    @AfterEach
    void thawAnyway() throws Exception {
        signal("CONT");
    }

    @AfterAll
    void stopBroker() throws Exception {
        connection.close();
        nats.close();
    }

    @Test
    void aChangeWhoseAnswerComesLateIsStoredOnceAndReportedWritten() throws Exception {
        Order order = OrderJournalTest.order();
        journal.open(order, "gateway", null);
        OrderEvent queued = queuedAfter(order);
        long after = log.last(order.orderId()).orElseThrow().sequence();

        signal("STOP");
        CompletableFuture<Optional<OrderEventLog.Entry>> written = CompletableFuture.supplyAsync(() -> {
            try {
                return log.append(queued, after);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        // Long enough for the first try to go unanswered (200 ms), well inside the three tries' 1.2 s.
        Thread.sleep(SHORT.plusMillis(150).toMillis());
        signal("CONT");

        assertTrue(written.get().isPresent(), "the append found its own entry");
        assertEquals(queued, written.get().get().event());
        assertEquals(List.of(OrderState.RECEIVED, OrderState.QUEUED), states(order));
    }

    @Test
    void aChangeGivenUpAsUnknownAndRepeatedIsStoredOnce() throws Exception {
        Order order = OrderJournalTest.order();
        journal.open(order, "gateway", null);
        OrderEvent queued = queuedAfter(order);
        long after = log.last(order.orderId()).orElseThrow().sequence();

        signal("STOP");
        // Every try and every read goes unanswered: the writer cannot know whether it was stored.
        assertThrows(IOException.class, () -> log.append(queued, after));
        signal("CONT");

        // The writer repeats the change (its caller retried): it was stored after all, so nothing more is.
        OrderSnapshot now = journal.record(order.orderId(),
                Transition.to(OrderState.QUEUED, "Enzo (maestro)", "on the pass").byAttempt(1));
        assertEquals(2, now.revision());
        assertEquals(List.of(OrderState.RECEIVED, OrderState.QUEUED), states(order));
    }

    /** The entry the journal would append for QUEUED by Enzo: the snapshot after it, revision 2. */
    private OrderEvent queuedAfter(Order order) throws Exception {
        OrderSnapshot received = journal.find(order.orderId()).orElseThrow();
        return OrderEvent.of(received.withState(OrderState.QUEUED, received.updatedAt().plusSeconds(1)).withRevision(2),
                "Enzo (maestro)", "test-1", "on the pass");
    }

    private List<OrderState> states(Order order) throws Exception {
        return JournalEntries.of(connection, json, order.orderId()).stream().map(OrderEvent::state).toList();
    }

    private void signal(String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(nats.pid())).inheritIO().start();
        assertEquals(0, kill.waitFor(), "kill -" + signal);
    }
}
