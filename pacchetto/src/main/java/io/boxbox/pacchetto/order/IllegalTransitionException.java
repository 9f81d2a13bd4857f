package io.boxbox.pacchetto.order;

/** Raised when a writer tries to move an order somewhere its lifecycle does not allow. */
public final class IllegalTransitionException extends RuntimeException {

    private final OrderState from;
    private final OrderState to;

    public IllegalTransitionException(String orderId, OrderState from, OrderState to) {
        super("order " + orderId + " cannot move from " + from + " to " + to);
        this.from = from;
        this.to = to;
    }

    public OrderState from() {
        return from;
    }

    public OrderState to() {
        return to;
    }
}
