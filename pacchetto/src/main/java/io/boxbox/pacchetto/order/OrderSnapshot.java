package io.boxbox.pacchetto.order;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.time.Instant;
import java.util.List;

/**
 * The state of one order after one change. Every entry of the order's journal on
 * {@code orders.events.<id>} carries the snapshot after it, so the last entry is the order's
 * current state; {@code revision} counts the changes (1 for {@code RECEIVED}). {@code attempt}
 * counts the times a maestro really started working on it (0 until the first one does);
 * {@code remakes} the pizzas started again after a burn or a loss; {@code pastTheOven} says a pizza
 * of this order has been in the oven, after which the order is never cancellable again, even while
 * it is remade. {@code panettiere} names who made the dough of the pizza now on its way (a remake
 * clears it).
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
        long revision,
        int remakes,
        boolean pastTheOven) {

    /** A snapshot not (yet) tied to a journal entry: revision 0. */
    public OrderSnapshot(String orderId, OrderState state, String username, PizzaSize size, List<String> toppings,
                         Border border, OrderType orderType, Destination destination, Instant orderedAt,
                         Instant updatedAt, int attempt, String panettiere, String chef, String driver,
                         GeoPoint lastPosition, Long etaSeconds, String traceId) {
        this(orderId, state, username, size, toppings, border, orderType, destination, orderedAt, updatedAt, attempt,
                panettiere, chef, driver, lastPosition, etaSeconds, traceId, 0, 0, false);
    }

    /** The first snapshot of a freshly accepted order. */
    public static OrderSnapshot received(Order order, String traceId) {
        return new OrderSnapshot(order.orderId(), OrderState.RECEIVED, order.username(), order.size(),
                order.toppings(), order.border(), order.orderType(), order.destination(),
                order.orderedAt(), order.orderedAt(), 0, null, null, null, null, null, traceId, 1, 0, false);
    }

    /**
     * Whether the lifecycle lets this order move to {@code next}: the state's own moves, except that
     * an order whose pizza has been in the oven is never cancelled.
     */
    public boolean canMoveTo(OrderState next) {
        if (next == OrderState.CANCELLED && pastTheOven) {
            return false;
        }
        return state.canMoveTo(next);
    }

    @JsonIgnore
    public boolean isCancellable() {
        return !pastTheOven && state.isCancellable();
    }

    /** The order in state {@code next}; a remake is counted and forgets the lost pizza's dough. */
    public OrderSnapshot withState(OrderState next, Instant at) {
        boolean remake = next == OrderState.REMAKING && state != OrderState.REMAKING;
        return new OrderSnapshot(orderId, next, username, size, toppings, border, orderType, destination,
                orderedAt, at, attempt, remake ? null : panettiere, chef, driver, lastPosition, etaSeconds, traceId,
                revision, remake ? remakes + 1 : remakes, pastTheOven || next.isPastTheOven());
    }

    public OrderSnapshot withAttempt(int nextAttempt) {
        return new OrderSnapshot(orderId, state, username, size, toppings, border, orderType, destination,
                orderedAt, updatedAt, nextAttempt, panettiere, chef, driver, lastPosition, etaSeconds, traceId, revision, remakes, pastTheOven);
    }

    public OrderSnapshot withPanettiere(String who) {
        return new OrderSnapshot(orderId, state, username, size, toppings, border, orderType, destination,
                orderedAt, updatedAt, attempt, who, chef, driver, lastPosition, etaSeconds, traceId, revision, remakes, pastTheOven);
    }

    public OrderSnapshot withChef(String who) {
        return new OrderSnapshot(orderId, state, username, size, toppings, border, orderType, destination,
                orderedAt, updatedAt, attempt, panettiere, who, driver, lastPosition, etaSeconds, traceId, revision, remakes, pastTheOven);
    }

    public OrderSnapshot withDelivery(String who, GeoPoint position, Long eta) {
        return new OrderSnapshot(orderId, state, username, size, toppings, border, orderType, destination,
                orderedAt, updatedAt, attempt, panettiere, chef, who, position, eta, traceId, revision, remakes, pastTheOven);
    }

    public OrderSnapshot withRevision(long next) {
        return new OrderSnapshot(orderId, state, username, size, toppings, border, orderType, destination,
                orderedAt, updatedAt, attempt, panettiere, chef, driver, lastPosition, etaSeconds, traceId, next, remakes, pastTheOven);
    }
}
