package io.boxbox.gateway.problem;

import io.boxbox.pacchetto.order.OrderState;

/** The order is past the point where the request makes sense (e.g. cancelling a pizza in the oven): 409. */
public final class OrderConflictException extends RuntimeException {

    private final OrderState state;

    public OrderConflictException(String message, OrderState state) {
        super(message);
        this.state = state;
    }

    public OrderState state() {
        return state;
    }
}
