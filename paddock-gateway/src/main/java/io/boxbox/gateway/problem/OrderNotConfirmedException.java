package io.boxbox.gateway.problem;

/**
 * JetStream did not confirm an order in time (503). What the customer is told depends on what is
 * known: a publish that never left the gateway, or that the server refused, did NOT place the
 * order; one whose acknowledgement did not arrive may have. With an Idempotency-Key a retry is
 * always safe, so that is what the answer says.
 */
public final class OrderNotConfirmedException extends RuntimeException {

    private OrderNotConfirmedException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The order was certainly not stored: nothing was sent, or the server said no. */
    public static OrderNotConfirmedException notPlaced(String orderId, boolean keyed, Throwable cause) {
        return new OrderNotConfirmedException(keyed
                ? "the order queue is unreachable, so order " + orderId + " was not placed yet; retrying with the same"
                        + " Idempotency-Key is safe: it places this order once"
                : "the order queue is unreachable, so the order was NOT placed; try again in a moment", cause);
    }

    /** The publish may have been stored: only its acknowledgement is missing. */
    public static OrderNotConfirmedException outcomeUnknown(String orderId, boolean keyed, Throwable cause) {
        return new OrderNotConfirmedException(keyed
                ? "the order queue did not confirm order " + orderId + " in time, so whether it was placed is unknown;"
                        + " retrying with the same Idempotency-Key is safe: you get this order, never a second one"
                : "the order queue did not confirm order " + orderId + " in time, so whether it was placed is unknown;"
                        + " look it up at /v1/order/" + orderId + " in a few seconds before ordering again, and send an"
                        + " Idempotency-Key next time so that a retry is safe", cause);
    }
}
