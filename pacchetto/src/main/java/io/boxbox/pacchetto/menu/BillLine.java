package io.boxbox.pacchetto.menu;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One line of the bill: the order's item at {@code item} (0-based, as in {@code items}), what it
 * is in words, how many, the price of one (a pizza's is its size plus toppings plus border) and
 * the line's total.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record BillLine(int item, String description, int quantity, int unitCents, int totalCents) {
}
