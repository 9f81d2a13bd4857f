package io.boxbox.gateway.timeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** The body of {@code GET /v1/order/{id}/timeline}: each stage with its time and reasons, and why it took this long. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
@Schema(name = "OrderTimeline")
public record Timeline(String orderId, @Nullable String orderNumber, List<Stage> stages,
                       @Schema(description = "from RECEIVED to the final state, or to now while unfinished") long totalMs,
                       @Schema(description = "in plain words: the waits and their reasons, remakes, slow rides")
                       List<String> why) {
}
