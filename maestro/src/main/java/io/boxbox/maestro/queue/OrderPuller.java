package io.boxbox.maestro.queue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxbox.maestro.crew.Seats;
import io.boxbox.maestro.pass.OrderPass;
import io.boxbox.maestro.pass.PassSettings;
import io.boxbox.pacchetto.crew.Crew;
import io.boxbox.pacchetto.crew.CrewMember;
import io.boxbox.pacchetto.order.StaleAttemptException;
import io.boxbox.pacchetto.jetstream.JetStreamTopology;
import io.boxbox.pacchetto.jetstream.NatsSettings;
import io.boxbox.pacchetto.jetstream.Topology;
import io.boxbox.pacchetto.order.Order;
import io.boxbox.pacchetto.order.OrderState;
import io.boxbox.pacchetto.order.OrderType;
import io.boxbox.pacchetto.sim.SimClock;
import io.boxbox.pacchetto.telemetry.NatsTraceContext;
import io.boxbox.pacchetto.telemetry.Telemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.ConsumerInfo;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Pulls orders in batches, one puller thread per order type this maestro makes (each from that
 * type's durable consumer, shared with every other maestro of the type), and runs each order on
 * its own virtual thread, handed to one of the maestri on shift. The pullers share the crew's
 * places, so a maestro's capacity is the crew's, not so much per type. A fetch holds its places
 * until it is full or its wait is over, so a puller whose last fetch came back short first asks
 * its consumer how many orders are pending and holds no more places than that: with none
 * pending it waits in a fetch for one place only, and not at all while the crew has no place to
 * spare for every type (a quiet type must not hold the last places while another's orders wait). Before each fetch it reserves a maestro for
 * every order it asks for (none while they are all at lunch or smoking), so every delivery it
 * receives is worked on, never refused: JetStream counts each delivery and a NAK does not undo
 * it. It keeps every held message alive with in-progress while people work, acks only once the
 * order reached an end state, and hands back (NAK) an attempt that failed while more may follow;
 * JetStream's last delivery is never handed back (the pass ends it).
 */
@Singleton
public class OrderPuller implements ApplicationEventListener<ServerStartupEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(OrderPuller.class);
    private static final Duration REDELIVERY_DELAY = Duration.ofSeconds(1);
    private static final Duration BROKER_BACKOFF = Duration.ofMillis(500);
    private static final Duration NOBODY_ON_SHIFT_POLL = Duration.ofMillis(50);
    private static final Duration QUIET_TYPE_POLL = Duration.ofMillis(100);

    private final Connection nats;
    private final JetStreamTopology topology;
    private final OrderPass pass;
    private final PassSettings settings;
    private final ObjectMapper json;
    private final SimClock clock;
    private final HeldOrders held;
    private final Crew maestri;
    private final Seats seats;
    private final DeadLetters deadLetters;
    private final int maxDeliveries;
    private final ServedOrderTypes served;
    private final ExecutorService cooks = Executors.newVirtualThreadPerTaskExecutor();
    private volatile boolean open = true;
    private final List<Thread> pullers = new ArrayList<>();

    public OrderPuller(Connection nats, JetStreamTopology topology, OrderPass pass, PassSettings settings,
                       ObjectMapper json, SimClock clock, HeldOrders held, Crew maestri, Seats seats,
                       DeadLetters deadLetters, NatsSettings natsSettings, ServedOrderTypes served) {
        this.nats = nats;
        this.topology = topology;
        this.pass = pass;
        this.settings = settings;
        this.json = json;
        this.clock = clock;
        this.held = held;
        this.maestri = maestri;
        this.seats = seats;
        this.deadLetters = deadLetters;
        this.maxDeliveries = natsSettings.maxDeliveries();
        this.served = served;
    }

    @Override
    public void onApplicationEvent(ServerStartupEvent event) {
        LOG.info("making {} orders", served.wireNames());
        for (OrderType type : served.types()) {
            pullers.add(Thread.ofPlatform().name("order-puller-" + type.wireName()).start(() -> pullUntilClosed(type)));
        }
    }

    private void pullUntilClosed(OrderType type) {
        String consumer = Topology.maestroConsumer(type);
        JetStreamSubscription subscription = null;
        boolean shortFetch = true;
        // The last fetch waited for one place and came back empty: the type is quiet right now.
        boolean quiet = false;
        while (open) {
            try {
                if (subscription == null) {
                    topology.ensure();
                    JetStream jetStream = nats.jetStream();
                    subscription = jetStream.subscribe(Topology.orderSubjects(type),
                            PullSubscribeOptions.bind(Topology.ORDERS_STREAM, consumer));
                    LOG.info("pulling {} orders from {}/{}", type.wireName(), Topology.ORDERS_STREAM, consumer);
                }
                int wanted = Math.min(maestri.room(), settings.batchSize());
                if (quiet && served.types().size() > 1 && maestri.room() > served.types().size()) {
                    // Quiet and room to spare: wait in a fetch for one place again, without asking the
                    // consumer first (an order arriving meanwhile is delivered to that fetch at once).
                    wanted = Math.min(wanted, 1);
                } else if (shortFetch && served.types().size() > 1) {
                    long pending = deliverable(type, consumer);
                    if (pending == 0 && maestri.room() <= served.types().size()) {
                        clock.waitWallClock(QUIET_TYPE_POLL);
                        continue;
                    }
                    wanted = (int) Math.min(wanted, Math.max(1, pending));
                }
                List<CrewMember> reserved = seats.reserve(wanted);
                if (reserved.isEmpty()) {
                    // Everyone is at lunch, smoking or full: leave the orders on the queue for other replicas.
                    clock.waitWallClock(NOBODY_ON_SHIFT_POLL);
                    continue;
                }
                List<Message> fetched = List.of();
                try {
                    fetched = subscription.fetch(reserved.size(), settings.maxWait());
                    shortFetch = fetched.size() < reserved.size();
                    quiet = fetched.isEmpty() && reserved.size() == 1;
                } finally {
                    for (int i = 0; i < reserved.size(); i++) {
                        if (i < fetched.size()) {
                            handOut(fetched.get(i), reserved.get(i));
                        } else {
                            seats.giveBack(reserved.get(i));
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                // NATS down or restarting: keep what we hold, try again shortly with a fresh subscription.
                LOG.warn("cannot pull orders right now: {}", e.toString());
                subscription = null;
                try {
                    clock.waitWallClock(BROKER_BACKOFF);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * What the type's consumer could deliver now, at most: the orders never delivered, and those
     * delivered but not acked that this maestro does not hold (handed back, timed out, or another
     * maestro's; JetStream counts a message waiting for its redelivery among those).
     */
    private long deliverable(OrderType type, String consumer) throws IOException, JetStreamApiException {
        ConsumerInfo info = nats.jetStreamManagement().getConsumerInfo(Topology.ORDERS_STREAM, consumer);
        return info.getNumPending() + Math.max(0, info.getNumAckPending() - held.countOf(type));
    }

    private void handOut(Message message, CrewMember seat) {
        String orderId = Topology.orderIdOf(message.getSubject());
        CrewMember maestro = seats.fill(seat, orderId);
        held.hold(message);
        cooks.submit(() -> work(message, maestro, orderId));
    }

    private void work(Message message, CrewMember maestro, String orderId) {
        try {
            Order order = parse(message);
            if (order == null) {
                return;
            }
            MDC.put("order_id", order.orderId());
            MDC.put("person", maestro.name());
            long delivery = message.metaData().deliveredCount();
            // The order's trace continues from the gateway's publish, carried in the message headers.
            Span span = Telemetry.tracer().spanBuilder("process orders.new")
                    .setParent(NatsTraceContext.extract(message.getHeaders()))
                    .setSpanKind(SpanKind.CONSUMER)
                    .setAttribute("messaging.system", "nats")
                    .setAttribute("messaging.destination.name", Topology.ORDERS_STREAM)
                    .setAttribute(Telemetry.ORDER_ID, order.orderId())
                    .setAttribute("boxbox.order_type", order.orderType().wireName())
                    .setAttribute(Telemetry.PERSON, maestro.name())
                    .setAttribute("messaging.nats.delivery", delivery)
                    .startSpan();
            try (Scope ignored = span.makeCurrent()) {
                OrderState end = pass.run(order, maestro.name(), delivery >= maxDeliveries);
                span.setAttribute("boxbox.order_state", end.name());
                message.ack();
                LOG.info("order {} finished as {}", order.orderId(), end);
            } catch (Exception e) {
                span.setStatus(StatusCode.ERROR, e.toString());
                throw e;
            } finally {
                span.end();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            handBack(message, "shutting down");
        } catch (StaleAttemptException superseded) {
            // Another maestro took the order over (our delivery had timed out): it is theirs now.
            LOG.warn("order {} was taken over: {}", orderId, superseded.getMessage());
        } catch (Exception e) {
            LOG.error("order work failed, handing it back for another attempt", e);
            handBack(message, e.toString());
        } finally {
            held.release(message);
            maestri.release(maestro, orderId);
            MDC.remove("order_id");
            MDC.remove("person");
        }
    }

    private Order parse(Message message) {
        try {
            Order order = json.readValue(message.getData(), Order.class);
            if (order == null || order.orderId() == null || order.items().isEmpty() || order.orderType() == null
                    || (order.needsDriver() && order.destination() == null)) {
                throw new IOException("not a complete order");
            }
            return order;
        } catch (IOException e) {
            // Redelivering a message nobody can read helps nobody: set it aside and stop JetStream from trying again.
            if (deadLetters.record(message, "unreadable order: " + e.getMessage())) {
                message.term();
            } else {
                handBack(message, "dead letter not recorded");
            }
            return null;
        }
    }

    private void handBack(Message message, String why) {
        try {
            message.nakWithDelay(REDELIVERY_DELAY);
        } catch (RuntimeException e) {
            // The broker is gone; the ack wait will expire and JetStream redelivers anyway.
            LOG.warn("could not hand back {} ({}): {}", message.getSubject(), why, e.toString());
        }
    }

    /** Stops fetching, lets work in flight finish within the grace period, then hands back the rest. */
    @PreDestroy
    void close() throws InterruptedException {
        open = false;
        for (Thread puller : pullers) {
            puller.interrupt();
        }
        for (Thread puller : pullers) {
            puller.join(settings.maxWait().plusSeconds(2).toMillis());
        }
        cooks.shutdown();
        if (!cooks.awaitTermination(settings.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS)) {
            LOG.warn("{} orders still in flight after {}; handing them back", held.count(), settings.shutdownGrace());
            cooks.shutdownNow();
            cooks.awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
