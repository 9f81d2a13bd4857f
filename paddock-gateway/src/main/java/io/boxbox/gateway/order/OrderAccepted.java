package io.boxbox.gateway.order;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.micronaut.core.annotation.Introspected;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;

/** The answer to an accepted order: where to look it up, where to watch it live, and the token to cancel it. */
@Introspected
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record OrderAccepted(
        String orderId,
        @Schema(description = "RECEIVED for a new order; for a repeat with the same Idempotency-Key, the order's state now")
        String state,
        Instant orderedAt,
        String statusUrl,
        String trackingUrl,
        @Schema(description = "keep it: DELETE /v1/order/{id} takes it as Authorization: Bearer <order_token>")
        String orderToken) {
}
