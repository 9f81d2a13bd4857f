package io.boxbox.gateway.order;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;

/**
 * The body of {@code POST /v1/order} as a person writes it: {@code items}, or (the shape before
 * items, still taken as an order of one pizza) a single pizza's {@code size}, {@code toppings} and
 * {@code border}. There is no price anywhere: the bill is computed from the menu. The
 * {@code username} rules are bean validation; everything else, and whether the kitchen can make
 * it, is checked by {@link OrderValidator}, which reports every problem at once.
 */
@Introspected
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(description = "An order: items (pizzas, drinks, desserts), or a single pizza's size, toppings and border."
        + " Never a price: the bill comes from GET /v1/menu's prices")
public record OrderRequest(
        @Schema(description = "who is hungry", example = "charles", maxLength = 64)
        @NotBlank(message = "is required: who the order is for")
        @Size(max = 64, message = "must be at most 64 characters")
        @Pattern(regexp = "^[\\p{L}\\p{N}][\\p{L}\\p{N} ._'-]*$",
                message = "may contain letters, digits, spaces and . _ ' - (starting with a letter or digit)")
        String username,

        @ArraySchema(arraySchema = @Schema(description = "1 to 20 items, at most 30 pizzas in all; instead of size,"
                + " toppings and border", requiredMode = Schema.RequiredMode.NOT_REQUIRED), minItems = 1, maxItems = 20,
                schema = @Schema(implementation = OrderLine.class))
        @Nullable List<OrderLine> items,

        @Schema(description = "single-pizza shape (instead of items): small, medium or large", example = "medium")
        String size,

        @Schema(description = "single-pizza shape: toppings from GET /v1/menu, at most 10",
                example = "[\"tomato\", \"mozzarella\", \"basil\"]")
        List<String> toppings,

        @Schema(description = "single-pizza shape: none, cream_cheese, cheddar or chocolate; none when absent",
                example = "none")
        String border,

        @Schema(description = "delivery, takeout or dine_in", example = "delivery")
        String orderType,

        @Schema(description = "for deliveries: a place id from GET /v1/menu, or {\"lat\": .., \"lon\": ..} inside the served area",
                example = "ferrari_garage", oneOf = {String.class, Coordinates.class})
        JsonNode destination) {

    /** Whether the body is the single-pizza shape (any of its fields given). */
    boolean hasSinglePizzaFields() {
        return size != null || toppings != null || border != null;
    }

    /** Raw coordinates as a destination. */
    @Schema(description = "WGS84 coordinates")
    public record Coordinates(double lat, double lon) {
    }
}
