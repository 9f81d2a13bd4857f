package io.boxbox.pacchetto.order;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.boxbox.pacchetto.menu.Bill;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The state of one order after one change. Every entry of the order's journal on
 * {@code orders.events.<id>} carries the snapshot after it, so the last entry is the order's
 * current state; {@code revision} counts the changes (1 for {@code RECEIVED}). {@code attempt}
 * counts the times a maestro really started working on it (0 until the first one does);
 * {@code remakes} the pizzas started again after a burn or a loss (all pizzas together);
 * {@code pastTheOven} says a pizza of this order has been in the oven, after which the order is
 * never cancellable again, even while it is remade. {@code panettiere} and {@code chef} name who
 * last made a dough and who last topped a pizza of it (a remake clears them).
 *
 * <p>{@code items} are the order as asked, {@code bill} what it costs and {@code pizzas} each
 * pizza's own progress; while pizzas are in the kitchen the order's {@code state} is the lowest
 * stage of its pizzas. {@code size}, {@code toppings} and {@code border} are filled only for an
 * order of exactly one pizza, the shape clients knew before items.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OrderSnapshot(
        String orderId,
        String orderNumber,
        OrderState state,
        String username,
        PizzaSize size,
        List<String> toppings,
        Border border,
        List<OrderItem> items,
        Bill bill,
        List<PizzaProgress> pizzas,
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

    public OrderSnapshot {
        toppings = toppings == null ? null : List.copyOf(toppings);
        items = items == null ? List.of() : List.copyOf(items);
        pizzas = pizzas == null ? List.of() : List.copyOf(pizzas);
    }

    /** A one-pizza snapshot not (yet) tied to a journal entry: revision 0 (tests and feeds). */
    public OrderSnapshot(String orderId, OrderState state, String username, PizzaSize size, List<String> toppings,
                         Border border, OrderType orderType, Destination destination, Instant orderedAt,
                         Instant updatedAt, int attempt, String panettiere, String chef, String driver,
                         GeoPoint lastPosition, Long etaSeconds, String traceId) {
        this(orderId, null, state, username, size, toppings, border,
                List.of(new PizzaItem(size, toppings, border, 1)), null, null, orderType, destination, orderedAt,
                updatedAt, attempt, panettiere, chef, driver, lastPosition, etaSeconds, traceId, 0, 0, false);
    }

    /** The first snapshot of a freshly accepted order: every pizza QUEUED. */
    public static OrderSnapshot received(Order order, String traceId) {
        PizzaItem only = order.onlyPizza().orElse(null);
        return new OrderSnapshot(order.orderId(), order.orderNumber(), OrderState.RECEIVED, order.username(),
                only == null ? null : only.size(), only == null ? null : only.toppings(),
                only == null ? null : only.border(), order.items(), order.bill(), order.pizzas(),
                order.orderType(), order.destination(), order.orderedAt(), order.orderedAt(), 0, null, null, null,
                null, null, traceId, 1, 0, false);
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

    /** Pizza {@code number} (1-based); throws when the order has no such pizza. */
    public PizzaProgress pizza(int number) {
        return pizzas.stream().filter(p -> p.number() == number).findFirst().orElseThrow(
                () -> new IllegalArgumentException("order " + orderId + " has no pizza " + number + " (it has " + pizzas.size() + ")"));
    }

    /**
     * The lowest kitchen stage of the pizzas: where the order as a whole stands while it is made
     * ({@link OrderState#kitchenRank()}). An order with no pizza (only drinks) is READY as soon as
     * its drinks are; such an order reports READY here.
     */
    @JsonIgnore
    public OrderState kitchenState() {
        return pizzas.stream().map(PizzaProgress::state)
                .min(Comparator.comparingInt(OrderState::kitchenRank))
                .orElse(OrderState.READY);
    }

    /** The order in state {@code next}; a remake is counted and forgets the lost pizza's dough. */
    public OrderSnapshot withState(OrderState next, Instant at) {
        boolean remake = next == OrderState.REMAKING && state != OrderState.REMAKING;
        // A one-pizza order moved as a whole (older callers, takeovers) keeps its pizza in step.
        List<PizzaProgress> movedPizzas = pizzas.size() == 1 && next.isKitchenStage() && next != OrderState.QUEUED
                ? List.of(pizzas.getFirst().at(next)) : pizzas;
        return new OrderSnapshot(orderId, orderNumber, next, username, size, toppings, border, items, bill,
                movedPizzas, orderType, destination, orderedAt, at, attempt, remake ? null : panettiere, chef, driver,
                lastPosition, etaSeconds, traceId, revision, remake ? remakes + 1 : remakes,
                pastTheOven || next.isPastTheOven());
    }

    /** Pizza {@code number} at {@code stage}, the order's state untouched ({@link #followingPizzas} moves it). */
    public OrderSnapshot withPizzaAt(int number, OrderState stage) {
        PizzaProgress before = pizza(number);
        PizzaProgress after = before.at(stage);
        boolean remake = after.remakes() > before.remakes();
        return new OrderSnapshot(orderId, orderNumber, state, username, size, toppings, border, items, bill,
                replace(after), orderType, destination, orderedAt, updatedAt, attempt,
                remake ? null : panettiere, chef, driver, lastPosition, etaSeconds, traceId, revision,
                remake ? remakes + 1 : remakes, pastTheOven || stage.isPastTheOven());
    }

    /** The order at the lowest stage of its pizzas, as of {@code at}. */
    public OrderSnapshot followingPizzas(Instant at) {
        OrderState next = kitchenState();
        return new OrderSnapshot(orderId, orderNumber, next, username, size, toppings, border, items, bill, pizzas,
                orderType, destination, orderedAt, at, attempt, panettiere, chef, driver, lastPosition, etaSeconds,
                traceId, revision, remakes, pastTheOven || next.isPastTheOven());
    }

    /** Who made pizza {@code number}'s dough (also the order's {@code panettiere}: the latest dough made). */
    public OrderSnapshot withPizzaPanettiere(int number, String who) {
        return withPizzas(replace(pizza(number).withPanettiere(who))).withPanettiere(who);
    }

    /** Who topped and baked pizza {@code number} (also the order's {@code chef}). */
    public OrderSnapshot withPizzaChef(int number, String who) {
        return withPizzas(replace(pizza(number).withChef(who))).withChef(who);
    }

    public OrderSnapshot withAttempt(int nextAttempt) {
        return new OrderSnapshot(orderId, orderNumber, state, username, size, toppings, border, items, bill, pizzas,
                orderType, destination, orderedAt, updatedAt, nextAttempt, panettiere, chef, driver, lastPosition,
                etaSeconds, traceId, revision, remakes, pastTheOven);
    }

    public OrderSnapshot withPanettiere(String who) {
        List<PizzaProgress> stepped = pizzas.size() == 1 ? List.of(pizzas.getFirst().withPanettiere(who)) : pizzas;
        return new OrderSnapshot(orderId, orderNumber, state, username, size, toppings, border, items, bill, stepped,
                orderType, destination, orderedAt, updatedAt, attempt, who, chef, driver, lastPosition, etaSeconds,
                traceId, revision, remakes, pastTheOven);
    }

    public OrderSnapshot withChef(String who) {
        List<PizzaProgress> stepped = pizzas.size() == 1 ? List.of(pizzas.getFirst().withChef(who)) : pizzas;
        return new OrderSnapshot(orderId, orderNumber, state, username, size, toppings, border, items, bill, stepped,
                orderType, destination, orderedAt, updatedAt, attempt, panettiere, who, driver, lastPosition,
                etaSeconds, traceId, revision, remakes, pastTheOven);
    }

    public OrderSnapshot withDelivery(String who, GeoPoint position, Long eta) {
        return new OrderSnapshot(orderId, orderNumber, state, username, size, toppings, border, items, bill, pizzas,
                orderType, destination, orderedAt, updatedAt, attempt, panettiere, chef, who, position, eta, traceId,
                revision, remakes, pastTheOven);
    }

    public OrderSnapshot withRevision(long next) {
        return new OrderSnapshot(orderId, orderNumber, state, username, size, toppings, border, items, bill, pizzas,
                orderType, destination, orderedAt, updatedAt, attempt, panettiere, chef, driver, lastPosition,
                etaSeconds, traceId, next, remakes, pastTheOven);
    }

    private OrderSnapshot withPizzas(List<PizzaProgress> next) {
        return new OrderSnapshot(orderId, orderNumber, state, username, size, toppings, border, items, bill, next,
                orderType, destination, orderedAt, updatedAt, attempt, panettiere, chef, driver, lastPosition,
                etaSeconds, traceId, revision, remakes, pastTheOven);
    }

    private List<PizzaProgress> replace(PizzaProgress changed) {
        List<PizzaProgress> next = new ArrayList<>(pizzas);
        next.replaceAll(p -> p.number() == changed.number() ? changed : p);
        return next;
    }
}
