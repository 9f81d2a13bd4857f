package io.boxbox.pacchetto.menu;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.List;

/** What can be ordered and where it can go; the body of {@code GET /v1/menu}. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Menu(
        List<String> sizes,
        List<String> toppings,
        List<String> borders,
        List<String> orderTypes,
        int maxToppings,
        Place pizzeria,
        double servedRadiusKm,
        List<Place> places) {
}
