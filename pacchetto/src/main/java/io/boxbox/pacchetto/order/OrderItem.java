package io.boxbox.pacchetto.order;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * One line of an order as the customer chose it: a pizza ({@code "kind": "pizza"}) or something
 * else from the menu ({@code "kind": "item"}, a drink or a dessert), each with a quantity. Prices
 * are never part of it: the bill is computed from the menu ({@link io.boxbox.pacchetto.menu.Till}).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
        @JsonSubTypes.Type(value = PizzaItem.class, name = "pizza"),
        @JsonSubTypes.Type(value = MenuItem.class, name = "item")})
public sealed interface OrderItem permits PizzaItem, MenuItem {

    int MAX_QUANTITY = 10;

    int quantity();
}
