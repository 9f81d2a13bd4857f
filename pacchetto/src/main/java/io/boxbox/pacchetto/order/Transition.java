package io.boxbox.pacchetto.order;

import java.util.function.UnaryOperator;

/**
 * A change one writer wants to make to an order: the state to move to, who did it and why, any
 * other snapshot fields that change with it (the chef's name), and the attempt of the order the
 * writer works for. A writer of an older attempt than the one recorded is fenced out
 * ({@link StaleAttemptException}); {@link #ANY_ATTEMPT} is for writers outside the kitchen (the
 * customer's cancel, the gateway's arrival), which are never fenced.
 *
 * <p>A change of one pizza ({@link #pizza(int, OrderState, String, String)}) names the pizza and
 * its stage instead of the order's state: the order moves to the lowest stage of its pizzas
 * ({@link OrderSnapshot#kitchenState()}), so several pizzas in parallel still read as one order.
 */
public record Transition(OrderState to, String actor, String detail, UnaryOperator<OrderSnapshot> amend, int attempt,
                         int pizza, OrderState pizzaStage) {

    public static final int ANY_ATTEMPT = 0;
    /** {@link #pizza()} of a change to the whole order. */
    public static final int WHOLE_ORDER = 0;

    public Transition(OrderState to, String actor, String detail, UnaryOperator<OrderSnapshot> amend, int attempt) {
        this(to, actor, detail, amend, attempt, WHOLE_ORDER, null);
    }

    public static Transition to(OrderState to, String actor, String detail) {
        return new Transition(to, actor, detail, UnaryOperator.identity(), ANY_ATTEMPT);
    }

    /** Pizza {@code number} (1-based) moves to {@code stage}; the order follows its slowest pizza. */
    public static Transition pizza(int number, OrderState stage, String actor, String detail) {
        if (number < 1 || !stage.isKitchenStage()) {
            throw new IllegalArgumentException("pizza " + number + " cannot be at " + stage);
        }
        return new Transition(null, actor, detail, UnaryOperator.identity(), ANY_ATTEMPT, number, stage);
    }

    public Transition amending(UnaryOperator<OrderSnapshot> more) {
        UnaryOperator<OrderSnapshot> before = amend;
        return new Transition(to, actor, detail, s -> more.apply(before.apply(s)), attempt, pizza, pizzaStage);
    }

    /** The attempt of the order this writer works for (1 the first time someone really worked on it). */
    public Transition byAttempt(int writerAttempt) {
        return new Transition(to, actor, detail, amend, writerAttempt, pizza, pizzaStage);
    }

    public boolean isPizzaChange() {
        return pizza != WHOLE_ORDER;
    }

    /** The snapshot this change makes of {@code current} at {@code at} (revision not yet raised). */
    public OrderSnapshot applyTo(OrderSnapshot current, java.time.Instant at) {
        if (!isPizzaChange()) {
            return amend.apply(current.withState(to, at));
        }
        OrderSnapshot moved = amend.apply(current.withPizzaAt(pizza, pizzaStage));
        return moved.followingPizzas(at);
    }

    /** What the change is called in errors: the order's target state, or the pizza's. */
    public String describe() {
        return isPizzaChange() ? "pizza " + pizza + " to " + pizzaStage : String.valueOf(to);
    }
}
