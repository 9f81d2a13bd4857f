package io.boxbox.maestro.kitchen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxbox.pacchetto.identity.ServiceIdentity;
import io.boxbox.pacchetto.jetstream.JetStreamTopology;
import io.boxbox.pacchetto.jetstream.OrderJournal;
import io.boxbox.pacchetto.jetstream.Topology;
import io.boxbox.pacchetto.json.JsonConventions;
import io.boxbox.pacchetto.order.Border;
import io.boxbox.pacchetto.order.Destination;
import io.boxbox.pacchetto.menu.Catalogue;
import io.boxbox.pacchetto.menu.Till;
import io.boxbox.pacchetto.order.Order;
import io.boxbox.pacchetto.order.OrderItem;
import io.boxbox.pacchetto.order.PizzaItem;
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

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The maestro's journal on a nats-server of the test's own (never the shared 4222): what the
 * kitchen tests record into and read the order's history from. Reusable by any maestro test.
 */
public final class PrivateJournal implements AutoCloseable {

    public static final ServiceIdentity MAESTRO = new ServiceIdentity("maestro", "maestro-test");

    private final ObjectMapper json = JsonConventions.apply(new ObjectMapper());
    private final PrivateNats nats;
    private final Connection connection;
    private final OrderJournal journal;

    public PrivateJournal() throws Exception {
        nats = new PrivateNats();
        connection = Nats.connect(nats.url());
        new JetStreamTopology(connection, Duration.ofHours(1)).ensure();
        journal = new OrderJournal(connection, Duration.ofSeconds(5), json, MAESTRO, 1024);
    }

    public OrderJournal journal() {
        return journal;
    }

    public Connection connection() {
        return connection;
    }

    public ObjectMapper json() {
        return json;
    }

    /** Opens an order as the gateway does, so the maestro finds its snapshot. */
    public Order open(OrderType type) throws Exception {
        return open(type, List.of(new PizzaItem(PizzaSize.MEDIUM, List.of("tomato", "basil"), Border.NONE, 1)));
    }

    /** Opens an order of these items (pizzas, drinks, desserts), billed from the menu's prices, as the gateway does. */
    public Order open(OrderType type, List<OrderItem> items) throws Exception {
        Destination destination = type == OrderType.DELIVERY ? new Destination("garage", "Ferrari garage", 45.6201, 9.2812) : null;
        Order order = new Order(UUID.randomUUID().toString(), null, "charles", items, type, destination, Instant.now(),
                new Till(new Catalogue()).bill(items, type));
        journal.open(order, "paddock-gateway", null);
        return order;
    }

    /** The customer's DELETE, as the gateway records it: not fenced by any attempt. */
    public void cancel(String orderId) throws Exception {
        journal.record(orderId, Transition.to(OrderState.CANCELLED, "charles", "cancelled by the customer"));
    }

    public OrderState state(String orderId) throws Exception {
        return journal.find(orderId).orElseThrow().state();
    }

    /** Every state the order's history holds, in order. */
    public List<OrderState> history(String orderId) throws Exception {
        return entries(orderId).stream().map(event -> OrderState.valueOf(event.get("state").asText())).toList();
    }

    /** The details recorded with one state, in order. */
    public List<String> details(String orderId, OrderState state) throws Exception {
        return entries(orderId).stream().filter(event -> event.get("state").asText().equals(state.name()))
                .map(event -> event.path("detail").asText()).toList();
    }

    /** The order's journal entries as stored, oldest first. */
    public List<JsonNode> events(String orderId) throws Exception {
        return entries(orderId);
    }

    /** The order's journal entries as stored, read with a throw-away pull consumer. */
    private List<JsonNode> entries(String orderId) throws Exception {
        JetStreamSubscription events = connection.jetStream().subscribe(Topology.eventSubject(orderId),
                PullSubscribeOptions.builder().build());
        List<JsonNode> entries = new ArrayList<>();
        try {
            List<Message> batch;
            do {
                batch = events.fetch(100, Duration.ofMillis(300));
                for (Message message : batch) {
                    entries.add(json.readTree(message.getData()));
                    message.ack();
                }
            } while (!batch.isEmpty());
        } finally {
            events.unsubscribe();
        }
        return entries;
    }

    /** Waits (generously) until the order reaches {@code state}. */
    public void awaitState(String orderId, OrderState state) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (state(orderId) != state) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("order " + orderId + " never reached " + state + "; it is " + state(orderId));
            }
            Thread.sleep(20);
        }
    }

    @Override
    public void close() throws Exception {
        connection.close();
        nats.close();
    }
}
