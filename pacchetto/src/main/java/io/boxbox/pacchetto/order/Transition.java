package io.boxbox.pacchetto.order;

import java.util.function.UnaryOperator;

/**
 * A change one writer wants to make to an order: the state to move to, who did it and why, any
 * other snapshot fields that change with it (the chef's name), and the attempt of the order the
 * writer works for. A writer of an older attempt than the one recorded is fenced out
 * ({@link StaleAttemptException}); {@link #ANY_ATTEMPT} is for writers outside the kitchen (the
 * customer's cancel, the gateway's arrival), which are never fenced.
 */
public record Transition(OrderState to, String actor, String detail, UnaryOperator<OrderSnapshot> amend, int attempt) {

    public static final int ANY_ATTEMPT = 0;

    public static Transition to(OrderState to, String actor, String detail) {
        return new Transition(to, actor, detail, UnaryOperator.identity(), ANY_ATTEMPT);
    }

    public Transition amending(UnaryOperator<OrderSnapshot> more) {
        UnaryOperator<OrderSnapshot> before = amend;
        return new Transition(to, actor, detail, s -> more.apply(before.apply(s)), attempt);
    }

    /** The attempt of the order this writer works for (1 the first time someone really worked on it). */
    public Transition byAttempt(int writerAttempt) {
        return new Transition(to, actor, detail, amend, writerAttempt);
    }
}
