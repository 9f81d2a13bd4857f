package io.boxbox.gateway.problem;

/** A change to an order without its order token, or with another order's (403). */
public final class OrderTokenRefusedException extends RuntimeException {

    public OrderTokenRefusedException(String orderId) {
        super("only the person who placed order " + orderId + " may change it: send Authorization: Bearer <order_token>,"
                + " the order_token of the 202 answer to POST /v1/order");
    }
}
