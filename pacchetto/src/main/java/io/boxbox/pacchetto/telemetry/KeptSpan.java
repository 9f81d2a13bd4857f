package io.boxbox.pacchetto.telemetry;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.List;
import java.util.Map;

/** One finished span as the trace keeper stores it: enough to draw a trace tree. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record KeptSpan(String traceId, String spanId, String parentSpanId, String name, String kind, String service,
                       long startNanos, long endNanos, Map<String, String> attributes, List<String> events) {

    public long durationMicros() {
        return (endNanos - startNanos) / 1_000;
    }

    public String attribute(String key) {
        return attributes.get(key);
    }
}
