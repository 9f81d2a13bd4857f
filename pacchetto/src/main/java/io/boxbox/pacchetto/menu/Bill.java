package io.boxbox.pacchetto.menu;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.List;

/** What an order costs, in euro cents, line by line; computed once by {@link Till} when the order is accepted. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Bill(List<BillLine> lines, int subtotalCents, int deliveryFeeCents, int totalCents, String currency) {

    public Bill {
        lines = List.copyOf(lines);
    }
}
