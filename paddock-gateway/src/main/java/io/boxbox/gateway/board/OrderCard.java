package io.boxbox.gateway.board;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.boxbox.pacchetto.order.OrderState;
import io.boxbox.pacchetto.order.OrderType;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;

/**
 * One order as the list shows it: what a card on the pit wall needs, from the order's last journal
 * entry ({@link CardReader}). The full snapshot is {@code GET /v1/order/{id}}'s.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "OrderCard", description = "An order in the list: its latest state and who it is for")
public record OrderCard(String orderId, @Nullable String orderNumber, String username, OrderState state,
                        OrderType orderType, Instant orderedAt, Instant updatedAt, int pizzas,
                        @Nullable Integer totalCents, @Nullable String driver,
                        @Schema(description = "the ORDER_EVENTS stream sequence of its last entry") long seq) {
}
