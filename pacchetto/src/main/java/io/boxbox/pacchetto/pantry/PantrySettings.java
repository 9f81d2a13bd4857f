package io.boxbox.pacchetto.pantry;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;

/**
 * The pantry's sizes ({@code boxbox.pantry.*}, env {@code BOXBOX_PANTRY_*}): every shelf holds
 * {@code capacity} portions, starts with {@code starting-stock} and calls the supplier at
 * {@code threshold} or below; dough, which every pizza uses, has its own three. A shelf is
 * created with these the first time anyone looks at it; later changes of the settings apply to
 * shelves not created yet, and to the capacity and threshold at the next restock.
 * The defaults outlast the suite and a normal day (a pizza takes one dough and about three
 * toppings), but a long {@code ./boxbox load} can empty tomato and mozzarella.
 */
@ConfigurationProperties("boxbox.pantry")
public record PantrySettings(
        @Positive @Bindable(defaultValue = "1500") int capacity,
        @PositiveOrZero @Bindable(defaultValue = "300") int threshold,
        @PositiveOrZero @Bindable(defaultValue = "1500") int startingStock,
        @Positive @Bindable(defaultValue = "3000") int doughCapacity,
        @PositiveOrZero @Bindable(defaultValue = "600") int doughThreshold,
        @PositiveOrZero @Bindable(defaultValue = "3000") int doughStartingStock) {

    public static PantrySettings defaults() {
        return new PantrySettings(1500, 300, 1500, 3000, 600, 3000);
    }

    /** The shelf as it is first put up. */
    public Shelf fresh(String ingredient) {
        return Ingredients.DOUGH.equals(ingredient)
                ? new Shelf(ingredient, doughStartingStock, doughThreshold, doughCapacity, null)
                : new Shelf(ingredient, startingStock, threshold, capacity, null);
    }

    /** The configured capacity and threshold, applied to a shelf when it is restocked. */
    public Shelf sized(Shelf shelf) {
        Shelf fresh = fresh(shelf.ingredient());
        return new Shelf(shelf.ingredient(), shelf.stock(), fresh.threshold(), fresh.capacity(), shelf.expectedBack());
    }
}
