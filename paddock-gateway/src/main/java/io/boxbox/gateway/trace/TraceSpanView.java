package io.boxbox.gateway.trace;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.boxbox.pacchetto.telemetry.KeptSpan;
import io.boxbox.pacchetto.telemetry.Telemetry;
import io.boxbox.pacchetto.telemetry.TraceTree;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/**
 * One span of a trace tree, for a waterfall: when it started after the trace's first span, how
 * long it took, who (person) and why it waited, its events (mishaps: overslept, burnt, detour) and
 * the spans it started.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "TraceSpan")
public record TraceSpanView(String spanId, @Nullable String parentSpanId, String name, String service, String kind,
                            double startOffsetMs, double durationMs, @Nullable String orderId, @Nullable String person,
                            @Nullable String waitReason, List<String> events,
                            @ArraySchema(schema = @Schema(ref = "#/components/schemas/TraceSpan")) List<TraceSpanView> children) {

    static TraceSpanView of(TraceTree.Node node, long originNanos) {
        KeptSpan span = node.span();
        return new TraceSpanView(span.spanId(), span.parentSpanId(), span.name(), span.service(), span.kind(),
                (span.startNanos() - originNanos) / 1e6, (span.endNanos() - span.startNanos()) / 1e6,
                span.attribute(Telemetry.ORDER_ID.getKey()), span.attribute(Telemetry.PERSON.getKey()),
                span.attribute(Telemetry.WAIT_REASON.getKey()),
                // gRPC's per-message events say nothing a person reading the tree needs
                span.events().stream().filter(e -> !e.equals("message")).toList(),
                node.children().stream().map(child -> of(child, originNanos)).toList());
    }
}
