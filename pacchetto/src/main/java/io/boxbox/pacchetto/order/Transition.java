package io.boxbox.pacchetto.order;

import java.util.function.UnaryOperator;

/**
 * A change one writer wants to make to an order: the state to move to, who did it and why, and
 * any other snapshot fields that change with it (the chef's name, the driver's position).
 */
public record Transition(OrderState to, String actor, String detail, UnaryOperator<OrderSnapshot> amend) {

    public static Transition to(OrderState to, String actor, String detail) {
        return new Transition(to, actor, detail, UnaryOperator.identity());
    }

    public Transition amending(UnaryOperator<OrderSnapshot> more) {
        UnaryOperator<OrderSnapshot> before = amend;
        return new Transition(to, actor, detail, s -> more.apply(before.apply(s)));
    }
}
