package io.boxbox.gateway.trace;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

/** The body of {@code GET /v1/traces/{trace_id}}: the trace's spans as a tree, roots in start order. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(name = "TraceTree")
public record TraceView(String traceId, Instant startedAt, int spanCount, List<String> services, List<TraceSpanView> roots) {
}
