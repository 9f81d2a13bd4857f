package io.boxbox.maestro.kitchen;

import io.boxbox.pacchetto.order.OrderState;
import io.grpc.Deadline;
import io.grpc.StatusRuntimeException;
import io.nats.client.JetStreamApiException;

import java.io.IOException;
import java.util.Optional;

/**
 * What a station brings to a {@link KitchenCall}: its request and how it reads the answer. The
 * calling, refusing, waiting, retrying, deadlines and cancellation are the kitchen call's.
 * One counter serves one order at one station (it may hold that order's progress, e.g. "topped").
 */
public interface Counter<R> {

    /** The service as named in refusals: panettiere, chef-sim, driver-sim. */
    String service();

    /** The wait span's name: "wait for dough". */
    String waitName();

    /** Where the station moves the order once the service takes it (named when a cancel stops it). */
    OrderState goal();

    /**
     * Makes one call with {@code deadline} and reads it to its end (or returns early). Calls
     * {@code taken.run()} once the service has taken the order (its first answer).
     */
    R once(Deadline deadline, Runnable taken) throws IOException, JetStreamApiException;

    /** The first refusal of this order at this station: record the wait (WAITING_FOR_…), with why. */
    void waiting(String reason) throws IOException, JetStreamApiException;

    /**
     * The service refused because an ingredient is out of stock (see {@code Refusals.outOfStock}):
     * record WAITING_FOR_STOCK with why. Called again whenever the wait changes kind. A station
     * whose service never runs out of anything may leave it a plain wait.
     */
    default void waitingForStock(String reason) throws IOException, JetStreamApiException {
        waiting(reason);
    }

    /**
     * The call broke ("try later") after the service had taken the order: the result to return
     * (e.g. "remake it"), or empty to call again.
     */
    default Optional<R> lost(StatusRuntimeException broken) throws IOException, JetStreamApiException {
        return Optional.empty();
    }
}
