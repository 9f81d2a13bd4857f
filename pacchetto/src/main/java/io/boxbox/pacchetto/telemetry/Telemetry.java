package io.boxbox.pacchetto.telemetry;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;

/**
 * Names shared by every span Box Box makes itself. The OpenTelemetry Java agent supplies the SDK
 * and exports; without it these calls are free no-ops.
 */
public final class Telemetry {

    public static final AttributeKey<String> ORDER_ID = AttributeKey.stringKey("boxbox.order_id");
    public static final AttributeKey<String> PERSON = AttributeKey.stringKey("boxbox.person");
    public static final AttributeKey<String> WAIT_REASON = AttributeKey.stringKey("boxbox.wait.reason");
    /** Which pizza of the order a span is about: "2/3" (number and count, 1-based). */
    public static final AttributeKey<String> PIZZA = AttributeKey.stringKey("boxbox.pizza");

    private Telemetry() {
    }

    public static Tracer tracer() {
        return GlobalOpenTelemetry.getTracer("io.boxbox");
    }

    /** Marks the span in progress (e.g. the gRPC server span the agent made) as this order's, done by this person. */
    public static void tagCurrent(String orderId, String person) {
        Span span = Span.current();
        span.setAttribute(ORDER_ID, orderId);
        if (person != null) {
            span.setAttribute(PERSON, person);
        }
    }

    /** "2/3": pizza {@code number} of {@code count}, as spans, logs and staff views name it (0 = one pizza). */
    public static String pizzaLabel(int number, int count) {
        return number < 1 ? "1/1" : number + "/" + Math.max(number, count);
    }

    /** The trace id of the span in progress, or null when nothing is traced. */
    public static String currentTraceId() {
        var context = Span.current().getSpanContext();
        return context.isValid() ? context.getTraceId() : null;
    }
}
