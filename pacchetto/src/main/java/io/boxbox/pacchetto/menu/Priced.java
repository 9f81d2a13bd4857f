package io.boxbox.pacchetto.menu;

/** Something on the menu with its price in euro cents: a size, a topping, a border, a drink or a dessert. */
public record Priced(String id, String name, int priceCents) {
}
