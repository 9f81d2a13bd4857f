package io.boxbox.pacchetto.order;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.time.Instant;
import java.util.List;

/** The latest known state of one order, kept in KV bucket {@code orders}. */
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
        String traceId) {

    /** The first snapshot of a freshly accepted order. */
    public static OrderSnapshot received(Order order, String traceId) {
        return new OrderSnapshot(order.orderId(), OrderState.RECEIVED, order.username(), order.size(),
                order.toppings(), order.border(), order.orderType(), order.destination(),
                order.orderedAt(), order.orderedAt(), 1, null, null, null, null, null, traceId);
    }

    public OrderSnapshot withState(OrderState next, Instant at) {
        return new OrderSnapshot(orderId, next, username, size, toppings, border, orderType, destination,
                orderedAt, at, attempt, panettiere, chef, driver, lastPosition, etaSeconds, traceId);
    }

    public OrderSnapshot withAttempt(int nextAttempt) {
        return new OrderSnapshot(orderId, state, username, size, toppings, border, orderType, destination,
                orderedAt, updatedAt, nextAttempt, panettiere, chef, driver, lastPosition, etaSeconds, traceId);
    }

    public OrderSnapshot withPanettiere(String who) {
        return new OrderSnapshot(orderId, state, username, size, toppings, border, orderType, destination,
                orderedAt, updatedAt, attempt, who, chef, driver, lastPosition, etaSeconds, traceId);
    }

    public OrderSnapshot withChef(String who) {
        return new OrderSnapshot(orderId, state, username, size, toppings, border, orderType, destination,
                orderedAt, updatedAt, attempt, panettiere, who, driver, lastPosition, etaSeconds, traceId);
    }

    public OrderSnapshot withDelivery(String who, GeoPoint position, Long eta) {
        return new OrderSnapshot(orderId, state, username, size, toppings, border, orderType, destination,
                orderedAt, updatedAt, attempt, panettiere, chef, who, position, eta, traceId);
    }
}
