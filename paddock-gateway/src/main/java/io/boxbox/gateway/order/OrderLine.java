package io.boxbox.gateway.order;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.micronaut.core.annotation.Introspected;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/**
 * One entry of a request's {@code items}, as written: a pizza ({@code kind} "pizza": size,
 * toppings, border) or a drink or dessert ({@code kind} "item": its menu id), and how many. Every
 * field is optional here so that {@link OrderValidator} can name each wrong one at once, rather
 * than the parser stopping at the first; fields of the other kind are refused there.
 */
@Introspected
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "OrderLine", description = "A pizza {kind: pizza, size, toppings, border, quantity} or a drink or"
        + " dessert {kind: item, id, quantity}. No price: it comes from the menu",
        example = "{\"kind\": \"pizza\", \"size\": \"large\", \"toppings\": [\"tomato\", \"mozzarella\"], \"border\": \"none\", \"quantity\": 2}")
public record OrderLine(
        @Schema(description = "pizza or item", allowableValues = {"pizza", "item"}, requiredMode = Schema.RequiredMode.REQUIRED)
        String kind,
        @Schema(description = "pizza: small, medium or large", example = "large")
        String size,
        @Schema(description = "pizza: toppings from GET /v1/menu, at most 10", example = "[\"tomato\", \"mozzarella\"]")
        List<String> toppings,
        @Schema(description = "pizza: none, cream_cheese, cheddar or chocolate; none when absent", example = "none")
        String border,
        @Schema(description = "item: a drink or dessert id from GET /v1/menu", example = "tiramisu")
        String id,
        @Schema(description = "1 to 10; 1 when absent", minimum = "1", maximum = "10", example = "1")
        Integer quantity) {

    public static final String PIZZA = "pizza";
    public static final String ITEM = "item";
}
