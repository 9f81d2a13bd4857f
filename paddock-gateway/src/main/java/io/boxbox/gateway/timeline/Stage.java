package io.boxbox.gateway.timeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.boxbox.pacchetto.order.OrderState;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

/**
 * A stretch of an order's life in one state: from the first entry that put it there to the entry
 * that moved it on ({@code to} null while it is still there: {@code duration_ms} then runs to now).
 * {@code actor} put it there; {@code reasons} are the entries' details, "pizza 2: …" for a change
 * of one pizza.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
@Schema(name = "TimelineStage")
public record Stage(OrderState state, Instant from,
                    @Schema(description = "null while the order is still in this state", nullable = true) @Nullable Instant to,
                    long durationMs, String actor, List<String> reasons) {
}
