package io.boxbox.pacchetto.jetstream;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxbox.pacchetto.identity.ServiceIdentity;
import io.boxbox.pacchetto.order.GeoPoint;
import io.boxbox.pacchetto.order.IllegalTransitionException;
import io.boxbox.pacchetto.order.Order;
import io.boxbox.pacchetto.order.OrderEvent;
import io.boxbox.pacchetto.order.OrderSnapshot;
import io.boxbox.pacchetto.order.OrderState;
import io.boxbox.pacchetto.order.StaleAttemptException;
import io.boxbox.pacchetto.order.Transition;
import io.boxbox.pacchetto.telemetry.OrderMeter;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamOptions;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The only writer of order state, and a change is one durable write: an entry on the order's
 * journal ({@link OrderEventLog}) carrying the change, its revision and the snapshot after it.
 * Each change is checked against the lifecycle and the writer's attempt (an older attempt is
 * fenced out), a repeat of the change last recorded is a no-op, and a lost race re-reads and
 * re-applies, never overwrites.
 */
@Singleton
public class OrderJournal {

    /** Writers of one order are few (a maestro, a customer's cancel): this many lost races means something is wrong. */
    private static final int MAX_CONFLICTS = 200;
    private static final String OPENED = "order accepted";

    private final OrderEventLog log;
    private final DeliveryNotes deliveries;
    private final ServiceIdentity identity;
    private final Clock clock;
    private final OrderMeter meter;
    private final LastEntries remembered;

    @Inject
    public OrderJournal(OrderEventLog log, DeliveryNotes deliveries, ServiceIdentity identity, JournalSettings settings) {
        this(log, deliveries, identity, Clock.systemUTC(), new OrderMeter(), new LastEntries(settings.rememberedOrders()));
    }

    public OrderJournal(OrderEventLog log, DeliveryNotes deliveries, ServiceIdentity identity) {
        this(log, deliveries, identity, Clock.systemUTC(), new OrderMeter());
    }

    OrderJournal(OrderEventLog log, DeliveryNotes deliveries, ServiceIdentity identity, Clock clock) {
        this(log, deliveries, identity, clock, new OrderMeter());
    }

    OrderJournal(OrderEventLog log, DeliveryNotes deliveries, ServiceIdentity identity, Clock clock,
                 OrderMeter meter) {
        this(log, deliveries, identity, clock, meter, new LastEntries(0));
    }

    OrderJournal(OrderEventLog log, DeliveryNotes deliveries, ServiceIdentity identity, Clock clock,
                 OrderMeter meter, LastEntries remembered) {
        this.remembered = remembered;
        this.log = log;
        this.deliveries = deliveries;
        this.identity = identity;
        this.clock = clock;
        this.meter = meter;
    }

    /** A journal on {@code connection} without dependency injection (tests, tools); the topology must exist. */
    public OrderJournal(Connection connection, Duration requestTimeout, ObjectMapper json, ServiceIdentity identity)
            throws IOException {
        this(connection, requestTimeout, json, identity, 0);
    }

    /** The same, remembering the last entry of up to {@code rememberedOrders} orders (see {@link LastEntries}). */
    public OrderJournal(Connection connection, Duration requestTimeout, ObjectMapper json, ServiceIdentity identity,
                        int rememberedOrders) throws IOException {
        this(new OrderEventLog(connection.jetStream(options(requestTimeout)),
                        connection.jetStreamManagement(options(requestTimeout)), json, requestTimeout),
                new DeliveryNotes(connection.keyValue(Topology.DELIVERIES_BUCKET), json),
                identity, Clock.systemUTC(), new OrderMeter(), new LastEntries(rememberedOrders));
    }

    /**
     * The order as its last journal entry left it, with the driver's latest position and ETA
     * while it is out for delivery; empty when the order has no entry.
     */
    public Optional<OrderSnapshot> find(String orderId) throws IOException, JetStreamApiException {
        Optional<OrderSnapshot> recorded = recorded(orderId);
        if (recorded.isEmpty()) {
            return recorded;
        }
        OrderSnapshot snapshot = recorded.get();
        return Optional.of(deliveries.read(orderId).map(note -> note.applyTo(snapshot)).orElse(snapshot));
    }

    /**
     * The order exactly as its last journal entry left it, read from the stream leader, without the
     * driver's bookkeeping ({@link #find} adds that with one more read): what a writer deciding on
     * the order's state, attempt or pizzas needs. Empty when the order has no entry.
     */
    public Optional<OrderSnapshot> recorded(String orderId) throws IOException, JetStreamApiException {
        Optional<OrderEventLog.Entry> last = log.last(orderId);
        last.ifPresent(entry -> remembered.remember(orderId, entry));
        return last.map(entry -> entry.event().snapshot());
    }

    /**
     * The order's state when it has ended (an end state recorded by anyone, e.g. the customer's
     * cancel), read from the stream leader; empty while it is under way or has no entry. The last
     * entry is parsed only when it is not the one this journal remembers, so the usual answer
     * ("nothing since my own last write") costs the read alone.
     */
    public Optional<OrderState> ended(String orderId) throws IOException, JetStreamApiException {
        Optional<OrderEventLog.Entry> known = remembered.last(orderId);
        Optional<OrderEventLog.Entry> last = log.last(orderId, known);
        if (last.isEmpty() || last.get().event().snapshot() == null) {
            return Optional.empty();
        }
        if (last != known) {
            remembered.remember(orderId, last.get());
        }
        OrderState state = last.get().event().snapshot().state();
        return state.isTerminal() ? Optional.of(state) : Optional.empty();
    }

    /**
     * The order as this journal last wrote or read it ({@link LastEntries}), else as read from the
     * leader: for a decision that a later conditional write settles anyway (a state that only the
     * caller itself moves on, such as whether its own pickup is recorded). Without the driver's note.
     */
    public Optional<OrderSnapshot> lastKnown(String orderId) throws IOException, JetStreamApiException {
        Optional<OrderEventLog.Entry> remembered = this.remembered.last(orderId);
        if (remembered.isPresent()) {
            return Optional.ofNullable(remembered.get().event().snapshot());
        }
        return recorded(orderId);
    }

    /**
     * Records the arrival of an accepted order unless it has any entry already. Returns true when
     * this call wrote {@code RECEIVED}, false when the order was already recorded (nothing written).
     */
    public boolean open(Order order, String actor, String traceId) throws IOException, JetStreamApiException {
        // No read first: expecting sequence 0 ("no entry yet") refuses the append when any entry exists.
        OrderEvent received = OrderEvent.of(OrderSnapshot.received(order, traceId), actor, identity.instance(), OPENED);
        Optional<OrderEventLog.Entry> written = log.append(received.withStateSince(received.at()), 0);
        if (written.isPresent()) {
            meter.opened(received.state());
            remembered.remember(order.orderId(), written.get());
        }
        return written.isPresent();
    }

    /**
     * Applies a transition and records it as the order's next entry; returns the snapshot after it.
     * The same change as the last one recorded (same state, attempt, actor and detail) writes
     * nothing and returns the snapshot as it is.
     * <p>With entries remembered ({@link LastEntries}), the first try appends right after the entry
     * this journal last wrote or read for the order, without reading it again: JetStream's expected
     * last subject sequence refuses the append if anything came after it, and then the change is
     * re-applied to the entry read from the leader. Only a successful conditional append is decided
     * on a remembered entry; a no-op, a fenced attempt or a refused move is decided on a fresh read.
     *
     * @throws StaleAttemptException      when the writer works for an older attempt than the recorded one
     * @throws IllegalTransitionException when the lifecycle refuses the move
     */
    public OrderSnapshot record(String orderId, Transition transition) throws IOException, JetStreamApiException {
        Optional<OrderEventLog.Entry> guess = remembered.last(orderId);
        for (int conflict = 0; conflict < MAX_CONFLICTS; conflict++) {
            boolean fresh = guess.isEmpty();
            OrderEventLog.Entry last = fresh ? log.last(orderId).orElseThrow(() -> new IllegalStateException(
                    "order " + orderId + " has no journal entry to move " + transition.describe())) : guess.get();
            guess = Optional.empty();
            OrderSnapshot current = snapshotOf(last);
            if (transition.attempt() != Transition.ANY_ATTEMPT && transition.attempt() < current.attempt()) {
                if (!fresh) {
                    continue; // decided on a remembered entry: decide again on the leader's latest one
                }
                throw new StaleAttemptException(orderId, transition.attempt(), current.attempt());
            }
            OrderSnapshot next = transition.applyTo(current, clock.instant()).withRevision(current.revision() + 1);
            OrderEvent change = OrderEvent.of(next, transition.actor(), identity.instance(), transition.detail(),
                    transition.pizza());
            boolean noOp = last.event().isSameChangeAs(change);
            IllegalTransitionException illegal = noOp ? null : illegalMove(orderId, transition, current, next);
            if (!fresh && (noOp || illegal != null)) {
                continue; // the same: only a successful append is decided on a remembered entry
            }
            if (noOp) {
                return current;
            }
            if (illegal != null) {
                throw illegal;
            }
            boolean moved = change.state() != last.event().state();
            Instant enteredBefore = last.event().enteredStateAt();
            Optional<OrderEventLog.Entry> written = log.append(
                    change.withStateSince(moved ? change.at() : enteredBefore), last.sequence());
            if (written.isPresent()) {
                remembered.remember(orderId, written.get());
                if (moved) {
                    meter.moved(last.event().state(), change.state(), Duration.between(enteredBefore, change.at()));
                }
                return written.get().event().snapshot();
            }
        }
        throw new IllegalStateException("order " + orderId + ": gave up after " + MAX_CONFLICTS + " write conflicts");
    }

    /**
     * The driver's latest position and ETA for an order out for delivery: bookkeeping shown on the
     * snapshot, never a journal entry. Best effort: a failure here must not abort a delivery.
     */
    public void trackDelivery(String orderId, String driver, GeoPoint position, long etaSeconds)
            throws IOException, JetStreamApiException {
        deliveries.write(orderId, new DeliveryNote(driver, position, etaSeconds, clock.instant()));
    }

    private static JetStreamOptions options(Duration requestTimeout) {
        return JetStreamOptions.builder().requestTimeout(requestTimeout).build();
    }

    /** Why the lifecycle refuses {@code transition} from {@code current} to {@code next}: the pizza's move, then the order's; null when both may move. */
    private static IllegalTransitionException illegalMove(String orderId, Transition transition, OrderSnapshot current,
                                                          OrderSnapshot next) {
        if (transition.isPizzaChange() && !current.pizza(transition.pizza()).state().canMoveTo(transition.pizzaStage())) {
            return new IllegalTransitionException(orderId, current.pizza(transition.pizza()).state(), transition.pizzaStage());
        }
        if (!current.canMoveTo(next.state())) {
            return new IllegalTransitionException(orderId, current.state(), next.state());
        }
        return null;
    }

    private static OrderSnapshot snapshotOf(OrderEventLog.Entry last) {
        OrderSnapshot snapshot = last.event().snapshot();
        if (snapshot == null) {
            throw new IllegalStateException("order " + last.event().orderId()
                    + " was recorded by a journal older than snapshots in entries and cannot change any more");
        }
        return snapshot;
    }
}
