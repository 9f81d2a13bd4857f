package io.boxbox.gateway.board;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** One page of {@code GET /v1/orders}: newest first; {@code next_cursor} is absent (null) on the last page. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
@Schema(name = "OrderPage")
public record OrderPage(List<OrderCard> orders,
                        @Schema(description = "pass as cursor for the next page; null on the last page", nullable = true)
                        @Nullable String nextCursor) {
}
