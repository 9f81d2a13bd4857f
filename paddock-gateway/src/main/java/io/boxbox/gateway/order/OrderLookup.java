package io.boxbox.gateway.order;

import io.boxbox.gateway.number.OrderNumbers;
import io.boxbox.gateway.problem.BrokerUnavailableException;
import io.boxbox.gateway.problem.MalformedParametersException;
import io.boxbox.gateway.problem.OrderNotFoundException;
import io.boxbox.pacchetto.jetstream.OrderJournal;
import io.boxbox.pacchetto.order.OrderSnapshot;
import io.nats.client.JetStreamApiException;
import jakarta.inject.Singleton;

import java.io.IOException;

/** Finds an order's snapshot by id or by order number, or says clearly why it cannot. */
@Singleton
public class OrderLookup {

    private final OrderJournal journal;
    private final OrderNumbers numbers;

    public OrderLookup(OrderJournal journal, OrderNumbers numbers) {
        this.journal = journal;
        this.numbers = numbers;
    }

    public OrderSnapshot find(String orderId) {
        if (!OrderIds.isWellFormed(orderId)) {
            throw new OrderNotFoundException(orderId);
        }
        try {
            return journal.find(orderId).orElseThrow(() -> new OrderNotFoundException(orderId));
        } catch (IOException | JetStreamApiException | IllegalStateException e) {
            throw unavailable(e);
        }
    }

    /** The order that got {@code orderNumber} ({@code BB-YYYYMMDD-NNNN}). */
    public OrderSnapshot findByNumber(String orderNumber) {
        if (!OrderNumbers.isWellFormed(orderNumber)) {
            throw MalformedParametersException.of("order_number", "'" + abbreviate(orderNumber) + "' is not an order"
                    + " number; they look like BB-20261202-0042 (BB-, the day in Monza as YYYYMMDD, -, the count)");
        }
        String orderId;
        try {
            orderId = numbers.orderIdOf(orderNumber).orElseThrow(() -> OrderNotFoundException.noSuchNumber(orderNumber));
            // A number drawn for a repeated request indexes the repeated order's id, which kept its
            // first number: only the order that really has this number answers.
            return journal.find(orderId).filter(order -> orderNumber.equals(order.orderNumber()))
                    .orElseThrow(() -> OrderNotFoundException.unusedNumber(orderNumber));
        } catch (IOException | JetStreamApiException | IllegalStateException e) {
            throw unavailable(e);
        }
    }

    private static BrokerUnavailableException unavailable(Exception e) {
        return new BrokerUnavailableException("order status is unavailable while the broker is unreachable; try again", e);
    }

    private static String abbreviate(String text) {
        return text == null ? "" : text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }
}
