package io.boxbox.maestro.pass;

import io.boxbox.pacchetto.telemetry.Telemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;

import java.time.Duration;
import java.time.Instant;
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
    private Instant since;

    void refused(String what, String orderId, String reason) {
        if (span == null) {
            since = Instant.now();
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

    /**
     * An order that has waited longer than {@code limit} is stuck: it is handed back so JetStream
     * re-drives it (and after the last delivery the maestro marks it FAILED), never kept forever.
     */
    void giveUpAfter(Duration limit, String orderId, String reason) {
        if (since != null && Duration.between(since, Instant.now()).compareTo(limit) > 0) {
            span.setStatus(StatusCode.ERROR, "stuck");
            throw new StuckOrderException("order " + orderId + " made no progress for " + limit + ": " + reason);
        }
    }

    @Override
    public void close() {
        if (span != null) {
            span.end();
            span = null;
        }
    }
}
