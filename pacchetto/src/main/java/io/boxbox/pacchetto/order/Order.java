package io.boxbox.pacchetto.order;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.time.Instant;
import java.util.List;

/**
 * An accepted order, exactly as it travels on the {@code ORDERS} work queue. Validation happens
 * before one of these exists: every field is known to be on the menu.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Order(
        String orderId,
        String username,
        PizzaSize size,
        List<String> toppings,
        Border border,
        OrderType orderType,
        Destination destination,
        Instant orderedAt) {

    public Order {
        toppings = List.copyOf(toppings);
    }

    public boolean needsDriver() {
        return orderType == OrderType.DELIVERY;
    }
}
