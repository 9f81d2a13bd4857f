package io.boxbox.gateway.order;

import io.boxbox.gateway.problem.BrokerUnavailableException;
import io.boxbox.gateway.problem.OrderNotFoundException;
import io.boxbox.pacchetto.jetstream.OrderJournal;
import io.boxbox.pacchetto.order.OrderSnapshot;
import jakarta.inject.Singleton;

import java.io.IOException;

/** Finds an order's snapshot by id, or says clearly why it cannot. */
@Singleton
public class OrderLookup {

    private final OrderJournal journal;

    public OrderLookup(OrderJournal journal) {
        this.journal = journal;
    }

    public OrderSnapshot find(String orderId) {
        if (!OrderIds.isWellFormed(orderId)) {
            throw new OrderNotFoundException(orderId);
        }
        try {
            return journal.find(orderId).orElseThrow(() -> new OrderNotFoundException(orderId));
        } catch (IOException | io.nats.client.JetStreamApiException | IllegalStateException e) {
            throw new BrokerUnavailableException("order status is unavailable while the broker is unreachable; try again", e);
        }
    }
}
