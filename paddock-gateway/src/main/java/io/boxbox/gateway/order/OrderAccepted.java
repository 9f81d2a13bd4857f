package io.boxbox.gateway.order;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.micronaut.core.annotation.Introspected;

import java.time.Instant;

/** The answer to an accepted order: where to look it up and where to watch it live. */
@Introspected
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record OrderAccepted(String orderId, String state, Instant orderedAt, String statusUrl, String trackingUrl) {
}
