package io.boxbox.maestro.pass;

import io.boxbox.maestro.kitchen.KitchenFailure;
import io.boxbox.pacchetto.jetstream.OrderJournal;
import io.boxbox.pacchetto.order.IllegalTransitionException;
import io.boxbox.pacchetto.order.Order;
import io.boxbox.pacchetto.order.OrderSnapshot;
import io.boxbox.pacchetto.order.OrderState;
import io.boxbox.pacchetto.order.Transition;
import io.nats.client.JetStreamApiException;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The pass: walks one order from the queue to an end state — dough, oven, then the counter, the
 * table or a driver. Safe to run again for the same order (a redelivery): an order already at an
 * end state is left alone, and a pizza that was already out of the oven is not baked twice.
 */
@Singleton
public class OrderPass {

    private static final Set<OrderState> PIZZA_OUT_OF_THE_OVEN =
            EnumSet.of(OrderState.READY, OrderState.WAITING_FOR_DRIVER, OrderState.OUT_FOR_DELIVERY);

    private final OrderJournal journal;
    private final DoughStation dough;
    private final OvenStation oven;
    private final DeliveryDesk delivery;

    OrderPass(OrderJournal journal, DoughStation dough, OvenStation oven, DeliveryDesk delivery) {
        this.journal = journal;
        this.dough = dough;
        this.oven = oven;
        this.delivery = delivery;
    }

    /**
     * Runs the order to an end state and returns it. {@code attempt} counts JetStream deliveries
     * of the order's message (1 the first time); {@code maestroName} is the person running it.
     */
    public OrderState run(Order order, int attempt, String maestroName)
            throws IOException, JetStreamApiException, InterruptedException {
        String id = order.orderId();
        String maestro = Actors.maestro(maestroName);
        journal.open(order, maestro, null);
        OrderSnapshot before = journal.find(id).orElseThrow();
        if (before.state().isTerminal()) {
            return before.state();
        }
        try {
            journal.record(id, Transition.to(OrderState.QUEUED, maestro,
                    attempt == 1 ? "on the pass" : "back on the pass (attempt " + attempt + ")")
                    .amending(s -> s.withAttempt(attempt)));
            if (PIZZA_OUT_OF_THE_OVEN.contains(before.state())) {
                journal.record(id, Transition.to(OrderState.READY, maestro, "pizza from the previous attempt is still good"));
            } else {
                cookUntilReady(new Ticket(order, attempt, maestro));
            }
            return serve(order, maestro, new Ticket(order, attempt, maestro));
        } catch (KitchenFailure failure) {
            return journal.record(id, Transition.to(OrderState.FAILED, maestro, failure.getMessage())).state();
        } catch (IllegalTransitionException refused) {
            // Somebody else ended the order meanwhile (the customer cancelled it): stop working on it.
            OrderSnapshot now = journal.find(id).orElseThrow();
            if (now.state().isTerminal()) {
                return now.state();
            }
            throw refused;
        }
    }

    /**
     * Marks an order FAILED after JetStream's last delivery attempt, so it is never silently
     * dropped. Returns false when the order had already ended.
     */
    public boolean giveUp(String orderId, String why, String maestroName) throws IOException, JetStreamApiException {
        Optional<OrderSnapshot> current = journal.find(orderId);
        if (current.isEmpty() || current.get().state().isTerminal()) {
            return false;
        }
        try {
            journal.record(orderId, Transition.to(OrderState.FAILED, Actors.maestro(maestroName), why));
            return true;
        } catch (IllegalTransitionException raced) {
            return false;
        }
    }

    private void cookUntilReady(Ticket ticket) throws IOException, JetStreamApiException, InterruptedException {
        boolean ready = false;
        while (!ready) {
            DoughStation.MadeDough made = dough.makeDough(ticket);
            ready = oven.cook(ticket, made);
        }
    }

    private OrderState serve(Order order, String maestro, Ticket ticket) throws IOException, JetStreamApiException, InterruptedException {
        return switch (order.orderType()) {
            case TAKEOUT -> journal.record(order.orderId(),
                    Transition.to(OrderState.READY_FOR_PICKUP, maestro, "waiting at the counter")).state();
            case DINE_IN -> journal.record(order.orderId(),
                    Transition.to(OrderState.SERVED, maestro, "served at the table")).state();
            case DELIVERY -> {
                delivery.deliver(ticket);
                yield OrderState.DELIVERED;
            }
        };
    }
}
