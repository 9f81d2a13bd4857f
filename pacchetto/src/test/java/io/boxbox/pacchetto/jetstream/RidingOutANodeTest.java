package io.boxbox.pacchetto.jetstream;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxbox.pacchetto.identity.ServiceIdentity;
import io.boxbox.pacchetto.json.JsonConventions;
import io.boxbox.pacchetto.order.Border;
import io.boxbox.pacchetto.order.Order;
import io.boxbox.pacchetto.order.OrderEvent;
import io.boxbox.pacchetto.order.OrderState;
import io.boxbox.pacchetto.order.OrderType;
import io.boxbox.pacchetto.order.PizzaSize;
import io.boxbox.pacchetto.order.Transition;
import io.boxbox.pacchetto.testing.PrivateNatsCluster;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The journal on a real 3-node cluster with every stream and bucket in 3 replicas, while the node
 * leading the journal is killed with SIGKILL mid-run: a write whose answer was lost is re-read,
 * not repeated (expecting "no entry yet" refuses a second RECEIVED; a repeated change is a
 * no-op), so every order ends with exactly one entry per change; the killed node comes back and
 * catches up.
 */
class RidingOutANodeTest {

    private static final int ORDERS = 24;
    private static final int KILL_AFTER = 8;
    private static final String MAESTRO = "Enzo (maestro)";

    private final ObjectMapper json = JsonConventions.apply(new ObjectMapper());

    @Test
    void killingTheJournalsLeaderLosesNothingAcknowledgedWritesNothingTwiceAndTheNodeCatchesUp() throws Exception {
        try (PrivateNatsCluster cluster = new PrivateNatsCluster(); Connection connection = cluster.connect()) {
            new JetStreamTopology(connection, Duration.ofHours(1), Duration.ofSeconds(30), 5,
                    JetStreamTopology.IDEMPOTENCY_TTL, 3).ensure();
            JetStreamManagement jsm = connection.jetStreamManagement();
            for (String stream : List.of(Topology.ORDERS_STREAM, Topology.EVENTS_STREAM, "KV_" + Topology.PANTRY_BUCKET)) {
                assertEquals(3, jsm.getStreamInfo(stream).getConfiguration().getReplicas(), stream + " replicas");
            }
            OrderJournal journal = new OrderJournal(connection, Duration.ofSeconds(2), json,
                    new ServiceIdentity("test", "test-1"));

            int killed = -1;
            int retried = 0;
            List<Order> orders = new ArrayList<>();
            for (int i = 0; i < ORDERS; i++) {
                if (i == KILL_AFTER) {
                    killed = cluster.leaderOf(jsm, Topology.EVENTS_STREAM);
                    cluster.kill(killed);
                }
                Order order = order();
                orders.add(order);
                retried += untilAnswered(() -> journal.open(order, "gateway", null));
                retried += untilAnswered(() -> journal.record(order.orderId(),
                        Transition.to(OrderState.QUEUED, MAESTRO, "on the pass")));
            }
            assertTrue(cluster.leaderOf(jsm, Topology.EVENTS_STREAM) != killed, "a surviving node leads the journal");

            Map<String, List<OrderState>> written = new HashMap<>();
            untilAnswered(() -> {
                written.clear();
                everyEntry(connection).forEach(e -> written.computeIfAbsent(e.orderId(), id -> new ArrayList<>()).add(e.state()));
            });
            for (Order order : orders) {
                assertEquals(List.of(OrderState.RECEIVED, OrderState.QUEUED), written.get(order.orderId()),
                        "order " + order.orderId() + " (" + retried + " writes retried in the run)");
            }

            cluster.restart(killed);
            cluster.awaitCaughtUp(jsm, Topology.EVENTS_STREAM, Duration.ofSeconds(30));
            cluster.awaitCaughtUp(jsm, Topology.ORDERS_STREAM, Duration.ofSeconds(30));
        }
    }

    /** Every entry of every order's journal: one consumer for the whole witness, patient with a cluster just failed over. */
    private List<OrderEvent> everyEntry(Connection connection) throws Exception {
        return JournalEntries.onSubjects(connection.jetStream(JetStreamOptions.builder()
                .requestTimeout(Duration.ofSeconds(10)).build()), json, Topology.EVENTS_SUBJECTS);
    }

    /** Repeats a write until the cluster answers it; returns how many times it had to. */
    private static int untilAnswered(Write write) throws Exception {
        Instant deadline = Instant.now().plusSeconds(30);
        int retries = 0;
        while (true) {
            try {
                write.run();
                return retries;
            } catch (IOException | JetStreamApiException | IllegalStateException unanswered) {
                // a timeout or "no responders" while the cluster elects a new leader: the write may
                // or may not have landed, and the next try finds out
                if (Instant.now().isAfter(deadline)) {
                    throw unanswered;
                }
                retries++;
                Thread.sleep(100);
            }
        }
    }

    private interface Write {
        void run() throws Exception;
    }

    private static Order order() {
        return new Order(UUID.randomUUID().toString(), "charles", PizzaSize.MEDIUM, List.of("tomato"), Border.NONE,
                OrderType.TAKEOUT, null, Instant.now());
    }
}
