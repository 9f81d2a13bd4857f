package io.boxbox.pacchetto.order;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.boxbox.pacchetto.menu.Bill;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An accepted order, exactly as it travels on the {@code ORDERS} work queue. Validation happens
 * before one of these exists: every item is on the menu, the bill was computed from the menu's
 * prices, and {@code orderNumber} ({@code BB-YYYYMMDD-NNNN}) was issued by the gateway.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Order(
        String orderId,
        String orderNumber,
        String username,
        List<OrderItem> items,
        OrderType orderType,
        Destination destination,
        Instant orderedAt,
        Bill bill) {

    /** Items per order, and pizzas per order: a bigger party calls the restaurant. */
    public static final int MAX_ITEMS = 20;
    public static final int MAX_PIZZAS = 30;

    public Order {
        items = List.copyOf(items);
    }

    /** A one-pizza order with no number and no bill, the shape orders had before items (tests, old messages). */
    public Order(String orderId, String username, PizzaSize size, List<String> toppings, Border border,
                 OrderType orderType, Destination destination, Instant orderedAt) {
        this(orderId, null, username, List.of(new PizzaItem(size, toppings, border, 1)), orderType, destination,
                orderedAt, null);
    }

    /** Reads both shapes: with {@code items}, or a single pizza's {@code size}, {@code toppings}, {@code border}. */
    @JsonCreator
    static Order fromJson(@JsonProperty("order_id") String orderId,
                          @JsonProperty("order_number") String orderNumber,
                          @JsonProperty("username") String username,
                          @JsonProperty("items") List<OrderItem> items,
                          @JsonProperty("size") PizzaSize size,
                          @JsonProperty("toppings") List<String> toppings,
                          @JsonProperty("border") Border border,
                          @JsonProperty("order_type") OrderType orderType,
                          @JsonProperty("destination") Destination destination,
                          @JsonProperty("ordered_at") Instant orderedAt,
                          @JsonProperty("bill") Bill bill) {
        List<OrderItem> lines = items != null ? items
                : size == null ? List.of() : List.of(new PizzaItem(size, toppings, border, 1));
        return new Order(orderId, orderNumber, username, lines, orderType, destination, orderedAt, bill);
    }

    public boolean needsDriver() {
        return orderType == OrderType.DELIVERY;
    }

    /** Every pizza to bake, one per unit of quantity, numbered from 1 in the order of the items. */
    public List<PizzaProgress> pizzas() {
        List<PizzaProgress> pizzas = new ArrayList<>();
        for (OrderItem item : items) {
            if (item instanceof PizzaItem pizza) {
                for (int i = 0; i < pizza.quantity(); i++) {
                    pizzas.add(PizzaProgress.queued(pizzas.size() + 1, pizza));
                }
            }
        }
        return List.copyOf(pizzas);
    }

    /** The drinks and desserts: taken from the shelf, not made. */
    public List<MenuItem> extras() {
        return items.stream().filter(MenuItem.class::isInstance).map(MenuItem.class::cast).toList();
    }

    /** The pizza when the order is exactly one pizza and nothing else (the snapshot's one-pizza fields). */
    public java.util.Optional<PizzaItem> onlyPizza() {
        return items.size() == 1 && items.getFirst() instanceof PizzaItem pizza && pizza.quantity() == 1
                ? java.util.Optional.of(pizza) : java.util.Optional.empty();
    }
}
