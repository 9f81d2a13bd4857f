package io.boxbox.gateway.order;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.boxbox.pacchetto.order.OrderSnapshot;

/** The body of {@code GET /v1/order/{id}}: the snapshot, plus where to read its trace. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OrderView(@JsonUnwrapped OrderSnapshot order, String traceUrl) {
}
