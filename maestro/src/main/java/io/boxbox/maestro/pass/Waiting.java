package io.boxbox.maestro.pass;

import io.boxbox.pacchetto.telemetry.Telemetry;
import io.opentelemetry.api.trace.Span;

import java.util.Map;

/**
 * A wait of one order for a kitchen service, as a span with the reason ("panettiere unavailable:
 * Gino asleep until …") so a trace shows where the time went. Opened at the first refusal, closed
 * when the service takes the order. An oversleeping or oversmoking person is also a span event.
 */
final class Waiting implements AutoCloseable {

    /** How the crew names an overrun in a refusal, and the span event it becomes. */
    private static final Map<String, String> OVERRUNS = Map.of(
            "oversleep", "overslept", "oversmoke", "oversmoked", "overlunch", "overlunched", "overbreak", "overran break");

    private Span span;

    void refused(String what, String orderId, String reason) {
        if (span == null) {
            span = Telemetry.tracer().spanBuilder(what)
                    .setAttribute(Telemetry.ORDER_ID, orderId)
                    .setAttribute(Telemetry.WAIT_REASON, reason)
                    .startSpan();
            OVERRUNS.forEach((mishap, event) -> {
                if (reason.contains(mishap)) {
                    span.addEvent(event);
                }
            });
        }
    }

    boolean isWaiting() {
        return span != null;
    }

    @Override
    public void close() {
        if (span != null) {
            span.end();
            span = null;
        }
    }
}
