package io.boxbox.maestro.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxbox.pacchetto.jetstream.JetStreamTopology;
import io.boxbox.pacchetto.jetstream.OrderJournal;
import io.boxbox.pacchetto.jetstream.Topology;
import io.boxbox.pacchetto.order.Border;
import io.boxbox.pacchetto.order.Destination;
import io.boxbox.pacchetto.order.Order;
import io.boxbox.pacchetto.order.OrderSnapshot;
import io.boxbox.pacchetto.order.OrderType;
import io.boxbox.pacchetto.order.PizzaSize;
import io.boxbox.pacchetto.testing.PrivateNats;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.MessageInfo;
import io.nats.client.impl.Headers;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * One maestro on its own nats-server, wired to a {@link FakeKitchen}: time scale 0 and a fixed
 * seed unless a test says otherwise. The context starts without its gRPC server, so the puller
 * and the sweeper only begin at {@link #openThePass()}; before that a test may play a maestro that
 * died (take deliveries and never ack them, write what it would have written).
 */
public final class MaestroUnderTest implements AutoCloseable {

    public static final Duration PATIENCE = Duration.ofSeconds(30);

    private final PrivateNats nats;
    private final FakeKitchen kitchen;
    private final ApplicationContext context;
    private final Connection client;

    public MaestroUnderTest(Map<String, Object> settings) throws Exception {
        nats = new PrivateNats();
        kitchen = new FakeKitchen();
        Map<String, Object> properties = new HashMap<>();
        properties.put("boxbox.nats.url", nats.url());
        properties.put("boxbox.nats.ack-wait", "1s");
        properties.put("boxbox.sim.time-scale", "0");
        properties.put("boxbox.sim.seed", "7");
        properties.put("boxbox.instance", "maestro-test");
        properties.put("grpc.server.port", "${random.port}");
        properties.put("grpc.channels.panettiere.address", kitchen.address());
        properties.put("grpc.channels.chef.address", kitchen.address());
        properties.put("grpc.channels.driver.address", kitchen.address());
        properties.put("boxbox.maestro.max-wait", "200ms");
        properties.put("boxbox.maestro.in-progress-interval", "300ms");
        properties.put("boxbox.maestro.shutdown-grace", "1s");
        properties.put("boxbox.maestro.sweep-interval", "200ms");
        properties.putAll(settings);
        context = ApplicationContext.run(properties, "test");
        context.getBean(JetStreamTopology.class);
        client = Nats.connect(nats.url());
    }

    /** A bean of the maestro's context (the pantry, say). */
    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    public FakeKitchen kitchen() {
        return kitchen;
    }

    public io.boxbox.pacchetto.crew.Crew maestri() {
        return context.getBean(io.boxbox.pacchetto.crew.Crew.class);
    }

    public OrderJournal journal() {
        return context.getBean(OrderJournal.class);
    }

    /** Starts the gRPC server, and with it the puller, the sweeper and the give-up watch. */
    public void openThePass() {
        context.getBean(EmbeddedServer.class).start();
    }

    public static Order takeout(String username) {
        return new Order(UUID.randomUUID().toString(), username, PizzaSize.SMALL, List.of("basil"), Border.NONE,
                OrderType.TAKEOUT, null, Instant.now());
    }

    public static Order delivery(String username) {
        return new Order(UUID.randomUUID().toString(), username, PizzaSize.MEDIUM, List.of("basil"), Border.NONE,
                OrderType.DELIVERY, new Destination("ferrari_garage", "Ferrari garage", 45.6189, 9.2811), Instant.now());
    }

    /** What the gateway does with an accepted order: onto the work queue, then its first snapshot. */
    public Order place(Order order) throws Exception {
        queueOnly(order);
        journal().open(order, "paddock-gateway", null);
        return order;
    }

    /** Only the work-queue message: a gateway that died before the first snapshot was written. */
    public Order queueOnly(Order order) throws Exception {
        Headers headers = new Headers().put("Nats-Msg-Id", order.orderId());
        client.jetStream().publish(Topology.orderSubject(order.orderId()), headers,
                context.getBean(ObjectMapper.class).writeValueAsBytes(order));
        return order;
    }

    /** A maestro that takes the next delivery and then dies: it never acks, extends or hands it back. */
    public Message takeAndDie() throws Exception {
        JetStreamSubscription subscription = client.jetStream().subscribe(Topology.ORDERS_SUBJECTS,
                PullSubscribeOptions.bind(Topology.ORDERS_STREAM, Topology.MAESTRO_CONSUMER));
        Instant deadline = Instant.now().plus(PATIENCE);
        while (Instant.now().isBefore(deadline)) {
            List<Message> taken = subscription.fetch(1, Duration.ofMillis(500));
            if (!taken.isEmpty()) {
                return taken.getFirst();
            }
        }
        throw new AssertionError("no delivery to take");
    }

    /**
     * Waits until JetStream will not deliver anything again: every delivery used up and timed out.
     * A pull consumer only notices that while somebody pulls, so this keeps asking (and must get nothing).
     */
    public void awaitDeliveriesUsedUp() throws Exception {
        JetStreamManagement jsm = client.jetStreamManagement();
        JetStreamSubscription subscription = client.jetStream().subscribe(Topology.ORDERS_SUBJECTS,
                PullSubscribeOptions.bind(Topology.ORDERS_STREAM, Topology.MAESTRO_CONSUMER));
        Instant deadline = Instant.now().plus(PATIENCE);
        while (Instant.now().isBefore(deadline)) {
            List<Message> more = subscription.fetch(1, Duration.ofMillis(300));
            if (!more.isEmpty()) {
                throw new AssertionError("JetStream delivered " + more.getFirst().getSubject() + " once more");
            }
            var info = jsm.getConsumerInfo(Topology.ORDERS_STREAM, Topology.MAESTRO_CONSUMER);
            if (info.getNumAckPending() == 0 && info.getNumPending() == 0) {
                subscription.unsubscribe();
                return;
            }
        }
        throw new AssertionError("deliveries still pending");
    }

    public long ordersOnTheQueue() throws Exception {
        return client.jetStreamManagement().getStreamInfo(Topology.ORDERS_STREAM).getStreamState().getMsgCount();
    }

    public Optional<OrderSnapshot> snapshot(String orderId) throws Exception {
        return journal().find(orderId);
    }

    /** Waits for the order's end state and returns the snapshot. */
    public OrderSnapshot awaitEnd(String orderId) throws Exception {
        Instant deadline = Instant.now().plus(PATIENCE);
        while (Instant.now().isBefore(deadline)) {
            Optional<OrderSnapshot> now = journal().find(orderId);
            if (now.isPresent() && now.get().state().isTerminal()) {
                return now.get();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("order " + orderId + " did not end within " + PATIENCE + "; it is "
                + journal().find(orderId).map(s -> s.state().name()).orElse("not recorded") + ": " + states(orderId));
    }

    /** The order's history as recorded on ORDER_EVENTS, oldest first. */
    public List<JsonNode> events(String orderId) throws Exception {
        JetStreamManagement jsm = client.jetStreamManagement();
        ObjectMapper json = context.getBean(ObjectMapper.class);
        List<JsonNode> events = new ArrayList<>();
        long sequence = 1;
        while (true) {
            MessageInfo next;
            try {
                next = jsm.getNextMessage(Topology.EVENTS_STREAM, sequence, Topology.eventSubject(orderId));
            } catch (JetStreamApiException none) {
                return events;
            }
            if (next == null || next.getData() == null) {
                return events;
            }
            events.add(json.readTree(next.getData()));
            sequence = next.getSeq() + 1;
        }
    }

    public List<String> states(String orderId) throws Exception {
        return events(orderId).stream().map(e -> e.get("state").asText()).toList();
    }

    @Override
    public void close() throws Exception {
        try {
            client.close();
            context.close();
        } finally {
            kitchen.close();
            nats.close();
        }
    }
}
