package io.boxbox.maestro.pass;

import io.boxbox.pacchetto.order.OrderState;
import io.boxbox.pacchetto.order.PizzaProgress;
import io.boxbox.pacchetto.order.Transition;
import io.boxbox.pacchetto.telemetry.Telemetry;

/**
 * One pizza of an order's attempt, as the pizza's stations see it: the order's {@link Ticket}, the
 * pizza as the snapshot had it when this attempt started (number, what it is, stage, who made it,
 * remakes) and how many pizzas the order has, so it can be named "pizza 2/3".
 */
record PizzaTicket(Ticket ticket, PizzaProgress pizza, int count) {

    int number() {
        return pizza.number();
    }

    String orderId() {
        return ticket.orderId();
    }

    String maestro() {
        return ticket.maestro();
    }

    /** "2/3", as spans ({@code boxbox.pizza}), logs and requests name it. */
    String label() {
        return Telemetry.pizzaLabel(pizza.number(), count);
    }

    /** This pizza moves to {@code stage}, written by this attempt; the journal moves the order to its slowest pizza. */
    Transition to(OrderState stage, String actor, String detail) {
        return Transition.pizza(pizza.number(), stage, actor, detail).byAttempt(ticket.attempt());
    }
}
