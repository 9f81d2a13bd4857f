package io.boxbox.pacchetto.pantry;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.time.Instant;

/**
 * One ingredient's shelf, the value of KV {@code pantry} key {@code shelf.<ingredient>}:
 * how much is on it, below which level the supplier is called, how much fits, and when the
 * supplier said they would be back with more ({@code expected_back}, absent when nobody is coming).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Shelf(String ingredient, int stock, int threshold, int capacity, Instant expectedBack) {

    @JsonIgnore
    public boolean isLow() {
        return stock <= threshold;
    }

    @JsonIgnore
    public boolean isEmpty() {
        return stock <= 0;
    }

    public Shelf withStock(int newStock) {
        return new Shelf(ingredient, newStock, threshold, capacity, expectedBack);
    }

    public Shelf expecting(Instant back) {
        return new Shelf(ingredient, stock, threshold, capacity, back);
    }

    /** Full again, and nobody is expected any more. */
    public Shelf restocked() {
        return new Shelf(ingredient, Math.max(stock, capacity), threshold, capacity, null);
    }
}
