package io.boxbox.maestro.kitchen;

import io.grpc.StatusRuntimeException;

/** A kitchen service refused an order for good (not "later"): the order cannot be made. */
public final class KitchenFailure extends RuntimeException {

    public KitchenFailure(String service, StatusRuntimeException cause) {
        super(service + " refused the order: " + cause.getStatus().getCode()
                + (cause.getStatus().getDescription() == null ? "" : " (" + cause.getStatus().getDescription() + ")"), cause);
    }
}
