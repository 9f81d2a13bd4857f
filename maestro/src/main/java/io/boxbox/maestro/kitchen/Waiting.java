package io.boxbox.maestro.kitchen;

import io.boxbox.maestro.pass.StuckOrderException;
import io.boxbox.pacchetto.crew.AbsenceKind;
import io.boxbox.pacchetto.telemetry.Telemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A wait of one order for a kitchen service, as a span with the reason ("panettiere unavailable:
 * Gino asleep until …") so a trace shows where the time went. Opened at the first refusal, closed
 * when the service takes the order. Who is away and who overruns comes from the refusal's typed
 * trailers; an overrun (oversleeping, oversmoking…) is also a span event.
 */
final class Waiting implements AutoCloseable {

    static final AttributeKey<List<String>> ABSENCES = AttributeKey.stringArrayKey("boxbox.wait.absences");

    /** The span event an overrun of each kind of absence becomes. */
    private static final Map<AbsenceKind, String> OVERRUNS = Map.of(
            AbsenceKind.ASLEEP, "overslept", AbsenceKind.SMOKING, "oversmoked",
            AbsenceKind.AT_LUNCH, "overlunched", AbsenceKind.ON_BREAK, "overran break");

    private final Tracer tracer;
    private final String what;
    private final String orderId;
    private Span span;
    private Instant since;

    Waiting(Tracer tracer, String what, String orderId) {
        this.tracer = tracer;
        this.what = what;
        this.orderId = orderId;
    }

    void refused(String reason, List<AbsenceKind> absences, List<AbsenceKind> overruns) {
        if (since == null) {
            since = Instant.now();
        }
        if (span == null) {
            span = tracer.spanBuilder(what)
                    .setAttribute(Telemetry.ORDER_ID, orderId)
                    .setAttribute(Telemetry.WAIT_REASON, reason)
                    .setAttribute(ABSENCES, absences.stream().map(AbsenceKind::name).collect(Collectors.toList()))
                    .startSpan();
            overruns.stream().map(OVERRUNS::get).filter(java.util.Objects::nonNull).forEach(span::addEvent);
        }
    }

    /**
     * An order that has been refused for longer than {@code limit} is stuck: it is handed back so
     * JetStream re-drives it (and after the last delivery the maestro marks it FAILED), never kept forever.
     */
    void giveUpAfter(Duration limit, String reason) {
        if (since != null && Duration.between(since, Instant.now()).compareTo(limit) > 0) {
            if (span != null) {
                span.setStatus(StatusCode.ERROR, "stuck");
            }
            throw new StuckOrderException("order " + orderId + " made no progress for " + limit + ": " + reason);
        }
    }

    /** The service took the order. */
    void taken() {
        since = null;
        close();
    }

    @Override
    public void close() {
        if (span != null) {
            span.end();
            span = null;
        }
    }
}
