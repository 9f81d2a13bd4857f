package io.boxbox.gateway.trace;

import io.boxbox.gateway.problem.MalformedParametersException;
import io.boxbox.gateway.problem.Problem;
import io.boxbox.gateway.problem.ProblemAdvice;
import io.boxbox.pacchetto.telemetry.KeptSpan;
import io.boxbox.pacchetto.telemetry.TraceTree;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.opentelemetry.api.trace.Span;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/** The local trace keeper's tree of one trace, for the order page's waterfall when there is no Jaeger. */
@Controller("/v1/traces")
@ExecuteOn(TaskExecutors.BLOCKING)
public class TraceController {

    /** W3C trace id: 32 lower-case hex digits, not all zero. */
    private static final Pattern TRACE_ID = Pattern.compile("^(?!0{32})[0-9a-f]{32}$");

    private final TraceShelf shelf;

    public TraceController(TraceShelf shelf) {
        this.shelf = shelf;
    }

    @Operation(summary = "One trace as a tree of spans, from the local trace keeper",
            description = "Every service's spans the keeper holds for the trace (trace_id of GET /v1/order/{id}),"
                    + " each with its offset from the trace's first span, duration, person, wait reason, events and"
                    + " children. Only where ./boxbox up runs the keeper (no collector): elsewhere use trace_url (Jaeger).")
    @ApiResponse(responseCode = "200", description = "the tree",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TraceView.class)))
    @ApiResponse(responseCode = "400", description = "not a trace id (32 lower-case hex digits)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "404", description = "the keeper holds no span of this trace (yet: spans are exported"
            + " every few seconds), or there is no local keeper",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @Get(value = "/{traceId}", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<?> trace(@PathVariable String traceId) {
        Span.current().updateName("GET /v1/traces/{trace_id}");
        if (!TRACE_ID.matcher(traceId).matches()) {
            throw MalformedParametersException.of("trace_id", "'" + (traceId.length() > 40 ? traceId.substring(0, 40) + "…" : traceId)
                    + "' is not a trace id: 32 lower-case hex digits, as trace_id in GET /v1/order/{id}");
        }
        if (!shelf.isKept()) {
            return ProblemAdvice.respond(HttpStatus.NOT_FOUND, "No local traces", "this gateway has no trace keeper's"
                    + " file (boxbox.traces.file: " + shelf.file().map(Object::toString).orElse("none") + "): traces go"
                    + " to a collector; follow trace_url of GET /v1/order/{id} to Jaeger", List.of());
        }
        List<KeptSpan> spans;
        try {
            spans = shelf.spansOf(traceId);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the trace keeper's file", e);
        }
        if (spans.isEmpty()) {
            return ProblemAdvice.respond(HttpStatus.NOT_FOUND, "Trace not found", "the trace keeper holds no span of trace "
                    + traceId + " (spans arrive a few seconds after their work ends)", List.of());
        }
        long origin = spans.stream().mapToLong(KeptSpan::startNanos).min().orElse(0);
        List<TraceSpanView> roots = new TraceTree(spans).tree(traceId).stream().map(n -> TraceSpanView.of(n, origin)).toList();
        return HttpResponse.ok(new TraceView(traceId, Instant.ofEpochSecond(0, origin), spans.size(),
                spans.stream().map(KeptSpan::service).distinct().sorted().toList(), roots));
    }
}
