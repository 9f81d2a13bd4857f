package io.boxbox.pacchetto.jetstream;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxbox.pacchetto.json.JsonConventions;
import io.boxbox.pacchetto.order.Order;
import io.boxbox.pacchetto.order.OrderEvent;
import io.boxbox.pacchetto.order.OrderSnapshot;
import io.boxbox.pacchetto.order.OrderState;
import io.boxbox.pacchetto.testing.PrivateNats;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Nats;
import io.nats.client.PublishOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The conditional append the journal stands on, against the nats-server this project runs (2.9.10). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrderEventLogTest {

    private final ObjectMapper json = JsonConventions.apply(new ObjectMapper());
    private PrivateNats nats;
    private Connection connection;
    private OrderEventLog log;

    @BeforeAll
    void startBroker() throws Exception {
        nats = new PrivateNats();
        connection = Nats.connect(nats.url());
        new JetStreamTopology(connection, Duration.ofHours(1)).ensure();
        log = new OrderEventLog(connection.jetStream(), connection.jetStreamManagement(), json, Duration.ofSeconds(5));
    }

    @AfterAll
    void stopBroker() throws Exception {
        connection.close();
        nats.close();
    }

    @Test
    void expectingSequenceZeroMeansNoEntryYet() throws Exception {
        String subject = Topology.eventSubject("zero-check");
        byte[] data = "{}".getBytes(StandardCharsets.UTF_8);
        connection.jetStream().publish(subject, data, PublishOptions.builder()
                .expectedLastSubjectSequence(0).messageId("zero-check:a").build());
        JetStreamApiException second = assertThrows(JetStreamApiException.class, () -> connection.jetStream()
                .publish(subject, data, PublishOptions.builder().expectedLastSubjectSequence(0).messageId("zero-check:b").build()));
        assertEquals(OrderEventLog.WRONG_LAST_SEQUENCE, second.getApiErrorCode());
    }

    @Test
    void aRivalsEntryOfTheSameRevisionIsALostRaceEvenWhenItIsTheSameChange() throws Exception {
        Order order = OrderJournalTest.order();
        OrderEvent received = OrderEvent.of(OrderSnapshot.received(order, null), "gateway", "test-1", "order accepted");
        Optional<OrderEventLog.Entry> first = log.append(received, 0);
        assertTrue(first.isPresent());
        assertEquals(first, log.last(order.orderId()));

        OrderEvent other = OrderEvent.of(OrderSnapshot.received(order, null), "maestro", "test-2", "order accepted");
        assertEquals(Optional.empty(), log.append(other, 0), "a different entry of revision 1");
        assertEquals(Optional.empty(), log.append(received, 0), "the same entry, written by someone else");
        assertEquals(1, JournalEntries.of(connection, json, order.orderId()).size());
    }

    @Test
    void anEntryAfterTheLastOneIsStoredWithItsSequence() throws Exception {
        Order order = OrderJournalTest.order();
        OrderSnapshot first = OrderSnapshot.received(order, null);
        long after = log.append(OrderEvent.of(first, "gateway", "test-1", "order accepted"), 0).orElseThrow().sequence();
        OrderEvent queued = OrderEvent.of(first.withState(OrderState.QUEUED, first.updatedAt()).withRevision(2),
                "Enzo (maestro)", "test-1", "on the pass");
        OrderEventLog.Entry written = log.append(queued, after).orElseThrow();
        assertTrue(written.sequence() > after);
        assertEquals(Optional.of(written), log.last(order.orderId()));
        assertEquals(List.of(OrderState.RECEIVED, OrderState.QUEUED),
                JournalEntries.of(connection, json, order.orderId()).stream().map(OrderEvent::state).toList());
    }
}
