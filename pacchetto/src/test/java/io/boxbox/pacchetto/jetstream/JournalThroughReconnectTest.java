package io.boxbox.pacchetto.jetstream;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxbox.pacchetto.identity.ServiceIdentity;
import io.boxbox.pacchetto.json.JsonConventions;
import io.boxbox.pacchetto.order.Order;
import io.boxbox.pacchetto.order.OrderState;
import io.boxbox.pacchetto.order.Transition;
import io.boxbox.pacchetto.sim.SimClock;
import io.boxbox.pacchetto.sim.TimeScale;
import io.boxbox.pacchetto.testing.PrivateNats;
import io.nats.client.Connection;
import io.nats.client.JetStreamOptions;
import io.nats.client.Nats;
import io.nats.client.Options;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The broker restarts while the kitchen writes (chaos found a pizza abandoned in a NATS restart):
 * the connection keeps no reconnect buffer, so jnats refuses at once while it reconnects. A journal
 * with reconnect patience (the maestro's) waits and writes once the broker is back; one without
 * (the gateway's) reports the broker unreachable at once, as an IOException.
 */
class JournalThroughReconnectTest {

    private final ObjectMapper json = JsonConventions.apply(new ObjectMapper());
    private PrivateNats nats;
    private Connection connection;

    @BeforeEach
    void startBroker() throws Exception {
        nats = new PrivateNats();
        // As NatsConnectionFactory connects every service.
        connection = Nats.connectReconnectOnConnect(Options.builder().server(nats.url()).maxReconnects(-1)
                .reconnectWait(Duration.ofMillis(100)).reconnectBufferSize(0).build());
        new JetStreamTopology(connection, Duration.ofHours(1)).ensure();
    }

    @AfterEach
    void stopBroker() throws Exception {
        connection.close();
        nats.close();
    }

    @Test
    void aPatientJournalWritesOnceTheRestartedBrokerIsBack() throws Exception {
        OrderJournal journal = journal(Duration.ofSeconds(20));
        Order order = OrderJournalTest.order();
        journal.open(order, "gateway", null);

        nats.stop();
        CompletableFuture<Void> restart = CompletableFuture.runAsync(() -> {
            try {
                TimeUnit.MILLISECONDS.sleep(1500);
                nats.start();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        var after = journal.record(order.orderId(), Transition.to(OrderState.QUEUED, "Enzo (maestro)", "on the pass"));
        restart.join();

        assertEquals(OrderState.QUEUED, after.state());
        assertEquals(OrderState.QUEUED, journal.find(order.orderId()).orElseThrow().state());
    }

    @Test
    void anImpatientJournalReportsTheBrokerUnreachableAtOnce() throws Exception {
        OrderJournal journal = journal(Duration.ZERO);
        Order order = OrderJournalTest.order();
        journal.open(order, "gateway", null);

        nats.stop();
        try {
            assertThrows(IOException.class, () -> journal.record(order.orderId(),
                    Transition.to(OrderState.QUEUED, "Enzo (maestro)", "on the pass")));
        } finally {
            nats.start();
        }
    }

    private OrderJournal journal(Duration patience) throws IOException {
        JetStreamOptions options = JetStreamOptions.builder().requestTimeout(Duration.ofSeconds(2)).build();
        OrderEventLog log = new OrderEventLog(connection.jetStream(options), connection.jetStreamManagement(options),
                json, Duration.ofSeconds(2), patience, new SimClock(new TimeScale(1.0), Clock.systemUTC()));
        return new OrderJournal(log, new DeliveryNotes(connection.keyValue(Topology.DELIVERIES_BUCKET), json),
                new ServiceIdentity("test", "test-1"));
    }
}
