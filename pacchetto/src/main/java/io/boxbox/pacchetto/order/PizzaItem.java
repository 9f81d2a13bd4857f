package io.boxbox.pacchetto.order;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.List;

/** {@code quantity} pizzas of one kind: size, toppings (in the order the chef puts them on) and border. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PizzaItem(PizzaSize size, List<String> toppings, Border border, int quantity) implements OrderItem {

    public PizzaItem {
        toppings = toppings == null ? List.of() : List.copyOf(toppings);
        border = border == null ? Border.NONE : border;
    }
}
