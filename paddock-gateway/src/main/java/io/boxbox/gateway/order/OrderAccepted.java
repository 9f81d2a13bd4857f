package io.boxbox.gateway.order;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.boxbox.pacchetto.menu.Bill;
import io.micronaut.core.annotation.Introspected;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;

/** The answer to an accepted order: its number and bill, where to look it up and watch it live, and the token to cancel it. */
@Introspected
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OrderAccepted(
        String orderId,
        @Schema(description = "the number to read out at the counter, BB-YYYYMMDD-NNNN (the day in Monza);"
                + " GET /v1/order/by-number/{order_number} finds the order", example = "BB-20261202-0042")
        String orderNumber,
        @Schema(description = "RECEIVED for a new order; for a repeat with the same Idempotency-Key, the order's state now")
        String state,
        Instant orderedAt,
        @Schema(description = "what the order costs, line by line, in euro cents, from the menu's prices")
        Bill bill,
        String statusUrl,
        @Schema(description = "the order's event stream (SSE): states, and the driver's GPS while it is out for delivery")
        String trackingUrl,
        @Schema(description = "the my-order page for a person: the live timeline, the driver on the map, cancel and"
                + " \"why it took this long\"; the page keeps order_token out of the server's sight (URL fragment)",
                example = "/order.html?id=0b6f3c1e-8d0a-4c36-9a59-3f3c1d0e5a7b")
        String pageUrl,
        @Schema(description = "keep it: DELETE /v1/order/{id} takes it as Authorization: Bearer <order_token>")
        String orderToken) {
}
