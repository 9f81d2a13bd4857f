package io.boxbox.gateway.problem;

/** No order with this id was ever accepted (404). */
public final class OrderNotFoundException extends RuntimeException {

    public OrderNotFoundException(String orderId) {
        super("no order with id " + orderId + "; check the order_id returned by POST /v1/order");
    }

    private OrderNotFoundException(String message, boolean withMessage) {
        super(message);
    }

    /** Nobody got {@code orderNumber}: a mistyped number, another day's, or one long expired. */
    public static OrderNotFoundException noSuchNumber(String orderNumber) {
        return new OrderNotFoundException("no order numbered " + orderNumber + "; numbers are BB-<day in Monza,"
                + " YYYYMMDD>-<count>, as in the order_number returned by POST /v1/order", true);
    }

    /** {@code orderNumber} was drawn, but no order with it is in the journal (its publish failed: a gap, or not yet). */
    public static OrderNotFoundException unusedNumber(String orderNumber) {
        return new OrderNotFoundException("order number " + orderNumber + " was drawn, but no order with it is in the"
                + " journal: its order never reached the kitchen (the gateway answered 503, not placed: the number is"
                + " a gap), or it was queued a moment ago and shows up shortly", true);
    }
}
