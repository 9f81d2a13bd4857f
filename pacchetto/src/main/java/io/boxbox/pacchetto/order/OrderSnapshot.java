package io.boxbox.pacchetto.order;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.time.Instant;
import java.util.List;

/**
 * The state of one order after one change. Every entry of the order's journal on
 * {@code orders.events.<id>} carries the snapshot after it, so the last entry is the order's
 * current state; {@code revision} counts the changes (1 for {@code RECEIVED}).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OrderSnapshot(
        String orderId,
        OrderState state,
        String username,
        PizzaSize size,
        List<String> toppings,
        Border border,
        OrderType orderType,
        Destination destination,
        Instant orderedAt,
        Instant updatedAt,
        int attempt,
        String panettiere,
        String chef,
        String driver,
        GeoPoint lastPosition,
        Long etaSeconds,
        String traceId,
        long revision) {

    /** A snapshot not (yet) tied to a journal entry: revision 0. */
    public OrderSnapshot(String orderId, OrderState state, String username, PizzaSize size, List<String> toppings,
                         Border border, OrderType orderType, Destination destination, Instant orderedAt,
                         Instant updatedAt, int attempt, String panettiere, String chef, String driver,
                         GeoPoint lastPosition, Long etaSeconds, String traceId) {
        this(orderId, state, username, size, toppings, border, orderType, destination, orderedAt, updatedAt, attempt,
                panettiere, chef, driver, lastPosition, etaSeconds, traceId, 0);
    }

    /** The first snapshot of a freshly accepted order. */
    public static OrderSnapshot received(Order order, String traceId) {
        return new OrderSnapshot(order.orderId(), OrderState.RECEIVED, order.username(), order.size(),
                order.toppings(), order.border(), order.orderType(), order.destination(),
                order.orderedAt(), order.orderedAt(), 1, null, null, null, null, null, traceId, 1);
    }

    public OrderSnapshot withState(OrderState next, Instant at) {
        return new OrderSnapshot(orderId, next, username, size, toppings, border, orderType, destination,
                orderedAt, at, attempt, panettiere, chef, driver, lastPosition, etaSeconds, traceId, revision);
    }

    public OrderSnapshot withAttempt(int nextAttempt) {
        return new OrderSnapshot(orderId, state, username, size, toppings, border, orderType, destination,
                orderedAt, updatedAt, nextAttempt, panettiere, chef, driver, lastPosition, etaSeconds, traceId, revision);
    }

    public OrderSnapshot withPanettiere(String who) {
        return new OrderSnapshot(orderId, state, username, size, toppings, border, orderType, destination,
                orderedAt, updatedAt, attempt, who, chef, driver, lastPosition, etaSeconds, traceId, revision);
    }

    public OrderSnapshot withChef(String who) {
        return new OrderSnapshot(orderId, state, username, size, toppings, border, orderType, destination,
                orderedAt, updatedAt, attempt, panettiere, who, driver, lastPosition, etaSeconds, traceId, revision);
    }

    public OrderSnapshot withDelivery(String who, GeoPoint position, Long eta) {
        return new OrderSnapshot(orderId, state, username, size, toppings, border, orderType, destination,
                orderedAt, updatedAt, attempt, panettiere, chef, who, position, eta, traceId, revision);
    }

    public OrderSnapshot withRevision(long next) {
        return new OrderSnapshot(orderId, state, username, size, toppings, border, orderType, destination,
                orderedAt, updatedAt, attempt, panettiere, chef, driver, lastPosition, etaSeconds, traceId, next);
    }
}
