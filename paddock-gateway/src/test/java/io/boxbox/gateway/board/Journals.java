package io.boxbox.gateway.board;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxbox.pacchetto.jetstream.Topology;
import io.boxbox.pacchetto.json.JsonConventions;
import io.boxbox.pacchetto.order.Border;
import io.boxbox.pacchetto.order.Order;
import io.boxbox.pacchetto.order.OrderEvent;
import io.boxbox.pacchetto.order.OrderSnapshot;
import io.boxbox.pacchetto.order.OrderState;
import io.boxbox.pacchetto.order.OrderType;
import io.boxbox.pacchetto.order.PizzaSize;
import io.nats.client.JetStream;
import io.nats.client.api.PublishAck;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/** Writes order journals straight onto ORDER_EVENTS, the way the journal does, for list tests. */
final class Journals {

    static final ObjectMapper JSON = JsonConventions.apply(new ObjectMapper());

    private Journals() {
    }

    /** The entries of an order placed at {@code at} by {@code who} that went through {@code states} after RECEIVED. */
    static List<OrderEvent> order(String who, Instant at, OrderState... states) {
        Order order = new Order(UUID.randomUUID().toString(), who, PizzaSize.MEDIUM, List.of("tomato"), Border.NONE,
                OrderType.TAKEOUT, null, at);
        OrderSnapshot snapshot = OrderSnapshot.received(order, null);
        List<OrderEvent> entries = new ArrayList<>();
        entries.add(OrderEvent.of(snapshot, "paddock-gateway", "test", "order accepted"));
        for (OrderState state : states) {
            snapshot = snapshot.withState(state, at.plusMillis(entries.size())).withRevision(snapshot.revision() + 1);
            entries.add(OrderEvent.of(snapshot, "Enzo (maestro)", "test", null));
        }
        return entries;
    }

    /** Publishes every entry without waiting for each ack; returns once all are stored. */
    static void publish(JetStream jetStream, List<OrderEvent> entries) throws Exception {
        List<CompletableFuture<PublishAck>> pending = new ArrayList<>();
        for (OrderEvent entry : entries) {
            pending.add(jetStream.publishAsync(Topology.eventSubject(entry.orderId()), JSON.writeValueAsBytes(entry)));
            if (pending.size() == 2_000) {
                CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
                pending.clear();
            }
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
    }
}
