package io.boxbox.pacchetto.order;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.time.Instant;

/**
 * One state change of one order, as recorded on {@code ORDER_EVENTS}. {@code actor} names the
 * person or part that caused it ("Gino (panettiere)", "paddock-gateway"), {@code instance} the
 * service instance it ran in, {@code detail} why (for waits) or what (for progress).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OrderEvent(
        String orderId,
        OrderState state,
        Instant at,
        String actor,
        String instance,
        String detail,
        int attempt) {
}
