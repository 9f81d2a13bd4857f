package io.boxbox.maestro.pass;

import io.boxbox.maestro.kitchen.KitchenFailure;
import io.boxbox.maestro.pantry.Packing;
import io.boxbox.pacchetto.jetstream.OrderJournal;
import io.boxbox.pacchetto.order.IllegalTransitionException;
import io.boxbox.pacchetto.order.Order;
import io.boxbox.pacchetto.order.OrderSnapshot;
import io.boxbox.pacchetto.order.OrderState;
import io.boxbox.pacchetto.order.StaleAttemptException;
import io.boxbox.pacchetto.order.Transition;
import io.nats.client.JetStreamApiException;
import io.opentelemetry.api.trace.Span;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Optional;

/**
 * The pass: walks one order from the queue to an end state — every pizza through dough and oven
 * (in parallel, see {@link Brigade}), then the counter, the table or a driver. A maestro who starts
 * on an order raises its attempt in the order's own record (the first one records QUEUED, a later
 * one a takeover that keeps the state), and every write of that attempt carries it, so a
 * superseded maestro is fenced out. A redelivered order goes on from each pizza's last durable
 * checkpoint (dough made, pizza ready) or the order's (out for delivery); a pizza that was on the
 * bench or in the oven when its maestro left is lost and remade alone. An order is FAILED after
 * {@code max-attempts} real attempts, or when one pizza is lost more than {@code max-remakes}
 * times, with the reason.
 */
@Singleton
public class OrderPass {

    private static final Logger LOG = LoggerFactory.getLogger(OrderPass.class);

    private final OrderJournal journal;
    private final Brigade brigade;
    private final DeliveryDesk delivery;
    private final PassSettings settings;
    private final Packing packing;

    OrderPass(OrderJournal journal, Brigade brigade, DeliveryDesk delivery, PassSettings settings, Packing packing) {
        this.packing = packing;
        this.journal = journal;
        this.brigade = brigade;
        this.delivery = delivery;
        this.settings = settings;
    }

    /**
     * Runs the order to an end state and returns it. {@code lastDelivery} says JetStream will not
     * deliver the order again, so a failed attempt ends it FAILED instead of being handed back.
     * Throws when the attempt failed and another one may follow (the caller hands the order back).
     */
    public OrderState run(Order order, String maestroName, boolean lastDelivery)
            throws IOException, JetStreamApiException, InterruptedException {
        String id = order.orderId();
        String maestro = Actors.maestro(maestroName);
        OrderSnapshot before = openedOrRecorded(order, maestro).orElseThrow();
        if (before.state().isTerminal()) {
            return before.state();
        }
        if (before.attempt() >= settings.maxAttempts()) {
            return fail(id, before.attempt(), maestro, "gave up after " + before.attempt()
                    + " attempts: no maestro finished it (the last left it " + before.state() + ")");
        }
        Ticket ticket = takeOver(order, before, maestro);
        Span.current().setAttribute("boxbox.attempt", ticket.attempt());
        try {
            packing.pack(ticket, before); // drinks and desserts first, waiting visibly while one is out (see Packing)
            return resume(ticket, before);
        } catch (KitchenFailure failure) {
            if (Thread.currentThread().isInterrupted()) {
                // Our own shutdown cancelled the call; the kitchen did not refuse the order.
                throw new InterruptedException("shutting down during " + id);
            }
            return fail(id, ticket.attempt(), maestro, failure.getMessage());
        } catch (RemakesExhausted tooMany) {
            return fail(id, ticket.attempt(), maestro, tooMany.getMessage());
        } catch (StaleAttemptException superseded) {
            throw superseded;
        } catch (IllegalTransitionException refused) {
            // Somebody else ended the order meanwhile (the customer cancelled it): stop working on it.
            OrderSnapshot now = journal.recorded(id).orElseThrow();
            if (now.state().isTerminal()) {
                return now.state();
            }
            return endOrHandBack(ticket, maestro, lastDelivery, refused);
        } catch (RuntimeException attemptFailed) {
            return endOrHandBack(ticket, maestro, lastDelivery, attemptFailed);
        }
    }

    /** A failed attempt: FAILED with the reason after the last attempt (or JetStream's last delivery), else handed back. */
    private OrderState endOrHandBack(Ticket ticket, String maestro, boolean lastDelivery, RuntimeException attemptFailed)
            throws IOException, JetStreamApiException {
        if (ticket.attempt() < settings.maxAttempts() && !lastDelivery) {
            throw attemptFailed;
        }
        return fail(ticket.orderId(), ticket.attempt(), maestro, "gave up after " + ticket.attempt() + " attempts"
                + (ticket.attempt() < settings.maxAttempts() ? " (JetStream will not deliver it again)" : "")
                + ": " + attemptFailed.getMessage());
    }

    /**
     * Marks an order FAILED when no maestro will work on it again (JetStream's last delivery ran
     * out, see the give-up watch and the sweeper), so it is never silently dropped. An order whose
     * first snapshot was never written is opened first, so it ends visibly. Returns false when the
     * order had already ended.
     */
    public boolean giveUp(Order order, String why, String maestroName) throws IOException, JetStreamApiException {
        String maestro = Actors.maestro(maestroName);
        Optional<OrderSnapshot> current = openedOrRecorded(order, maestro);
        if (current.isEmpty() || current.get().state().isTerminal()) {
            return false;
        }
        try {
            fail(order.orderId(), Transition.ANY_ATTEMPT, maestro, why);
            return true;
        } catch (IllegalTransitionException raced) {
            return false;
        }
    }

    /**
     * The order as recorded; opened first when the gateway could not record its arrival. Read
     * first, because the gateway almost always did: an open that JetStream refuses (the order has
     * an entry) would cost a refused write and the read anyway.
     */
    private Optional<OrderSnapshot> openedOrRecorded(Order order, String maestro) throws IOException, JetStreamApiException {
        Optional<OrderSnapshot> recorded = journal.recorded(order.orderId());
        if (recorded.isPresent()) {
            return recorded;
        }
        journal.open(order, maestro, null);
        return journal.recorded(order.orderId());
    }

    /** Raises the attempt: QUEUED the first time, otherwise an entry that keeps the state and says who took over. */
    private Ticket takeOver(Order order, OrderSnapshot before, String maestro) throws IOException, JetStreamApiException {
        int attempt = before.attempt() + 1;
        if (before.state() == OrderState.OUT_FOR_DELIVERY) {
            // The pizza is in a driver's car and the only write left is DELIVERED, which the lifecycle
            // lets happen once whoever writes it: no takeover entry, so the customer sees the pickup once.
            return new Ticket(order, attempt, maestro);
        }
        String detail = before.state() == OrderState.RECEIVED
                ? (attempt == 1 ? "on the pass" : "back on the pass (attempt " + attempt + ")")
                : "taken over by " + maestro + " at attempt " + attempt + " from " + before.state();
        OrderState state = before.state() == OrderState.RECEIVED ? OrderState.QUEUED : before.state();
        journal.record(order.orderId(), Transition.to(state, maestro, detail)
                .amending(s -> s.withAttempt(attempt)).byAttempt(attempt));
        return new Ticket(order, attempt, maestro);
    }

    /**
     * Goes on from where the order stood: a ready order (or one with a driver) is served; otherwise
     * every pizza not yet ready is made, each from its own checkpoint, then the order is served.
     */
    private OrderState resume(Ticket ticket, OrderSnapshot before) throws IOException, JetStreamApiException, InterruptedException {
        switch (before.state()) {
            case READY, WAITING_FOR_DRIVER, OUT_FOR_DELIVERY -> {
                // every pizza is out of the oven (and maybe with a driver, whom driver-sim re-attaches to)
                return serve(ticket);
            }
            default -> {
                // RECEIVED (the first attempt), QUEUED or any kitchen stage: some pizza is still to make
            }
        }
        makeEveryPizza(ticket, before);
        return serve(ticket);
    }

    /**
     * One dough and one oven slot per pizza, in parallel; the order's state is derived from its
     * pizzas by the journal, so the last pizza's READY makes the order READY. An order of drinks
     * and desserts only has nothing to bake and is READY at once.
     */
    private void makeEveryPizza(Ticket ticket, OrderSnapshot before) throws IOException, JetStreamApiException, InterruptedException {
        if (ticket.order().pizzas().isEmpty()) {
            record(ticket, OrderState.READY, "nothing to bake: drinks and desserts only");
            return;
        }
        if (before.pizzas().isEmpty()) {
            // A record written before pizzas were numbered: serving it would hand over pizzas nobody baked.
            throw new IllegalStateException("order " + ticket.orderId() + " has pizzas but its record has no progress per pizza"
                    + " (written before pizzas were numbered): it cannot be made pizza by pizza");
        }
        brigade.makeEveryPizza(ticket, before.pizzas());
    }

    private OrderState serve(Ticket ticket) throws IOException, JetStreamApiException, InterruptedException {
        return switch (ticket.order().orderType()) {
            case TAKEOUT -> record(ticket, OrderState.READY_FOR_PICKUP, "waiting at the counter");
            case DINE_IN -> record(ticket, OrderState.SERVED, "served at the table");
            case DELIVERY -> {
                delivery.deliver(ticket);
                yield OrderState.DELIVERED;
            }
        };
    }

    private OrderState record(Ticket ticket, OrderState state, String detail) throws IOException, JetStreamApiException {
        return journal.record(ticket.orderId(), Transition.to(state, ticket.maestro(), detail).byAttempt(ticket.attempt())).state();
    }

    private OrderState fail(String orderId, int attempt, String maestro, String why) throws IOException, JetStreamApiException {
        LOG.error("order {} FAILED: {}", orderId, why);
        return journal.record(orderId, Transition.to(OrderState.FAILED, maestro, why).byAttempt(attempt)).state();
    }
}
