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
    private final boolean ownNats;
    private final FakeKitchen kitchen;
    private final ApplicationContext context;
    private final Connection client;

    public MaestroUnderTest(Map<String, Object> settings) throws Exception {
        this(new PrivateNats(), true, settings);
    }

    /**
     * Another maestro on a broker that a test (or another maestro) runs: several in one JVM share
     * the consumers like replicas. Give each its own {@code boxbox.instance}.
     */
    public MaestroUnderTest(PrivateNats sharedNats, Map<String, Object> settings) throws Exception {
        this(sharedNats, false, settings);
    }

    private MaestroUnderTest(PrivateNats nats, boolean ownNats, Map<String, Object> settings) throws Exception {
        this.nats = nats;
        this.ownNats = ownNats;
        kitchen = new FakeKitchen();
        Map<String, Object> properties = new HashMap<>();
        properties.put("boxbox.nats.url", nats.url());
        properties.put("boxbox.nats.ack-wait", "1s");
        properties.put("boxbox.sim.time-scale", "0");
        properties.put("boxbox.sim.seed", "7");
        properties.put("boxbox.instance", "maestro-test");
        // The OS picks it as gRPC binds, unlike ${random.port}, which may name a port taken by then.
        properties.put("grpc.server.port", "0");
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
        client.jetStream().publish(Topology.orderSubject(order.orderType(), order.orderId()), headers,
                context.getBean(ObjectMapper.class).writeValueAsBytes(order));
        return order;
    }

    /** A maestro that takes the next delivery (of any type) and then dies: it never acks, extends or hands it back. */
    public Message takeAndDie() throws Exception {
        List<JetStreamSubscription> subscriptions = everyConsumer();
        Instant deadline = Instant.now().plus(PATIENCE);
        while (Instant.now().isBefore(deadline)) {
            for (JetStreamSubscription subscription : subscriptions) {
                List<Message> taken = subscription.fetch(1, Duration.ofMillis(150));
                if (!taken.isEmpty()) {
                    return taken.getFirst();
                }
            }
        }
        throw new AssertionError("no delivery to take");
    }

    private List<JetStreamSubscription> everyConsumer() throws Exception {
        List<JetStreamSubscription> subscriptions = new ArrayList<>();
        for (OrderType type : OrderType.values()) {
            subscriptions.add(client.jetStream().subscribe(Topology.orderSubjects(type),
                    PullSubscribeOptions.bind(Topology.ORDERS_STREAM, Topology.maestroConsumer(type))));
        }
        return subscriptions;
    }

    /**
     * Waits until JetStream will not deliver anything again: every delivery used up and timed out.
     * A pull consumer only notices that while somebody pulls, so this keeps asking (and must get nothing).
     */
    public void awaitDeliveriesUsedUp() throws Exception {
        JetStreamManagement jsm = client.jetStreamManagement();
        List<JetStreamSubscription> subscriptions = everyConsumer();
        Instant deadline = Instant.now().plus(PATIENCE);
        while (Instant.now().isBefore(deadline)) {
            boolean settled = true;
            for (OrderType type : OrderType.values()) {
                List<Message> more = subscriptions.get(type.ordinal()).fetch(1, Duration.ofMillis(100));
                if (!more.isEmpty()) {
                    throw new AssertionError("JetStream delivered " + more.getFirst().getSubject() + " once more");
                }
                var info = jsm.getConsumerInfo(Topology.ORDERS_STREAM, Topology.maestroConsumer(type));
                settled &= info.getNumAckPending() == 0 && info.getNumPending() == 0;
            }
            if (settled) {
                for (JetStreamSubscription subscription : subscriptions) {
                    subscription.unsubscribe();
                }
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

    /** The consumer's view of one order type: pending (not delivered yet), waiting for an ack. */
    public io.nats.client.api.ConsumerInfo consumer(OrderType type) throws Exception {
        return client.jetStreamManagement().getConsumerInfo(Topology.ORDERS_STREAM, Topology.maestroConsumer(type));
    }

    public Connection client() {
        return client;
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() throws Exception {
        try {
            client.close();
            context.close();
        } finally {
            kitchen.close();
            if (ownNats) {
                nats.close();
            }
        }
    }
}
