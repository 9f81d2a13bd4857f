package io.boxbox.gateway.order;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.micronaut.core.annotation.Introspected;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;

/**
 * The body of {@code POST /v1/order} as a person writes it. Shape is checked here with bean
 * validation; whether the kitchen can make it (menu, map) is checked by {@link OrderValidator}.
 */
@Introspected
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(description = "A pizza order")
public record OrderRequest(
        @Schema(description = "who is hungry", example = "charles")
        @NotBlank(message = "is required: who the pizza is for")
        @Size(max = 64, message = "must be at most 64 characters")
        @Pattern(regexp = "^[\\p{L}\\p{N}][\\p{L}\\p{N} ._'-]*$",
                message = "may contain letters, digits, spaces and . _ ' - (starting with a letter or digit)")
        String username,

        @Schema(description = "small, medium or large", example = "medium")
        @NotBlank(message = "is required: small, medium or large")
        @Size(max = 32, message = "must be at most 32 characters")
        String size,

        @Schema(description = "toppings from GET /v1/menu", example = "[\"tomato\", \"mozzarella\", \"basil\"]")
        @Size(max = 10, message = "at most 10 toppings on one pizza")
        List<@NotBlank(message = "must not be blank") @Size(max = 32, message = "must be at most 32 characters") String> toppings,

        @Schema(description = "none, cream_cheese, cheddar or chocolate; none when absent", example = "none")
        @Size(max = 32, message = "must be at most 32 characters")
        String border,

        @Schema(description = "delivery, takeout or dine_in", example = "delivery")
        @NotBlank(message = "is required: delivery, takeout or dine_in")
        @Size(max = 32, message = "must be at most 32 characters")
        String orderType,

        @Schema(description = "for deliveries: a place id from GET /v1/menu, or {\"lat\": .., \"lon\": ..} inside the served area",
                example = "ferrari_garage", oneOf = {String.class, Coordinates.class})
        JsonNode destination) {

    /** Raw coordinates as a destination. */
    @Schema(description = "WGS84 coordinates")
    public record Coordinates(double lat, double lon) {
    }
}
