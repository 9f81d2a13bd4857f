package io.boxbox.gateway.problem;

/** No order with this id was ever accepted (404). */
public final class OrderNotFoundException extends RuntimeException {

    public OrderNotFoundException(String orderId) {
        super("no order with id " + orderId + "; check the order_id returned by POST /v1/order");
    }
}
