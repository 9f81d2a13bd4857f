package io.boxbox.pacchetto.menu;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.List;
import java.util.Set;

/**
 * What can be ordered, what it costs and where it can go; the body of {@code GET /v1/menu}.
 * {@code sizes}, {@code toppings} and {@code borders} are the plain id lists clients used before
 * prices; {@code pizza_sizes}, {@code pizza_toppings}, {@code pizza_borders}, {@code drinks} and
 * {@code desserts} carry each price in euro cents and whether it is in stock now.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Menu(
        List<String> sizes,
        List<String> toppings,
        List<String> borders,
        List<String> orderTypes,
        int maxToppings,
        Place pizzeria,
        double servedRadiusKm,
        List<Place> places,
        List<MenuEntry> pizzaSizes,
        List<MenuEntry> pizzaToppings,
        List<MenuEntry> pizzaBorders,
        List<MenuEntry> drinks,
        List<MenuEntry> desserts,
        int deliveryFeeCents,
        String currency,
        int maxItems,
        int maxQuantity,
        int maxPizzas) {

    /** This menu with the entries named in {@code outOfStock} marked unavailable (the pantry's view). */
    public Menu withUnavailable(Set<String> outOfStock) {
        return new Menu(sizes, toppings, borders, orderTypes, maxToppings, pizzeria, servedRadiusKm, places,
                mark(pizzaSizes, outOfStock), mark(pizzaToppings, outOfStock), mark(pizzaBorders, outOfStock),
                mark(drinks, outOfStock), mark(desserts, outOfStock), deliveryFeeCents, currency, maxItems,
                maxQuantity, maxPizzas);
    }

    private static List<MenuEntry> mark(List<MenuEntry> entries, Set<String> outOfStock) {
        return entries.stream().map(e -> outOfStock.contains(e.id()) ? e.unavailable() : e).toList();
    }
}
