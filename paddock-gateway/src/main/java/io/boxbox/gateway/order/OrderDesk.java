package io.boxbox.gateway.order;

import io.boxbox.gateway.problem.BrokerUnavailableException;
import io.boxbox.gateway.problem.OrderConflictException;
import io.boxbox.gateway.token.OrderTokens;
import io.boxbox.pacchetto.jetstream.OrderJournal;
import io.boxbox.pacchetto.order.IllegalTransitionException;
import io.boxbox.pacchetto.order.OrderSnapshot;
import io.boxbox.pacchetto.order.OrderState;
import io.boxbox.pacchetto.order.Transition;
import io.nats.client.JetStreamApiException;
import jakarta.inject.Singleton;

import java.io.IOException;

/** Changes a customer may make to an order after placing it: for now, cancelling it before the oven. */
@Singleton
public class OrderDesk {

    private final OrderLookup orders;
    private final OrderJournal journal;
    private final OrderTokens tokens;

    public OrderDesk(OrderLookup orders, OrderJournal journal, OrderTokens tokens) {
        this.orders = orders;
        this.journal = journal;
        this.tokens = tokens;
    }

    /**
     * Cancels the order if it has not reached the oven. The lifecycle decides, under the same
     * conditional append as every other writer, so a cancel racing the maestro either wins or is refused.
     * Only the holder of the order's token may (see {@link OrderTokens}).
     */
    public OrderSnapshot cancel(String orderId, String authorization) {
        OrderSnapshot current = orders.find(orderId);
        tokens.check(orderId, authorization);
        if (!current.state().isCancellable()) {
            // The journal treats a repeated cancel as a no-op; the customer still hears it is too late.
            throw tooLate(orderId, current.state());
        }
        try {
            return journal.record(orderId, Transition.to(OrderState.CANCELLED, current.username() + " (customer)",
                    "cancelled by the customer"));
        } catch (IllegalTransitionException e) {
            throw tooLate(orderId, e.from());
        } catch (IOException | JetStreamApiException e) {
            throw new BrokerUnavailableException("the cancellation could not be recorded; try again", e);
        }
    }

    private static OrderConflictException tooLate(String orderId, OrderState state) {
        return new OrderConflictException("order " + orderId + " is " + state
                + "; it can be cancelled only before it goes in the oven", state);
    }
}
