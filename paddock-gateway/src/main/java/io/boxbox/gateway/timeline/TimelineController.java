package io.boxbox.gateway.timeline;

import io.boxbox.gateway.order.OrderLookup;
import io.boxbox.gateway.problem.BrokerUnavailableException;
import io.boxbox.gateway.problem.Problem;
import io.boxbox.gateway.stream.OrderEventFeed;
import io.boxbox.gateway.stream.StoredEvent;
import io.boxbox.pacchetto.order.OrderEvent;
import io.boxbox.pacchetto.order.OrderSnapshot;
import io.boxbox.pacchetto.sim.SimSettings;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.nats.client.JetStreamApiException;
import io.opentelemetry.api.trace.Span;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** An order's stages with their durations and reasons, and why it took this long. */
@Controller("/v1/order/{orderId}/timeline")
@ExecuteOn(TaskExecutors.BLOCKING)
public class TimelineController {

    private final OrderLookup orders;
    private final OrderEventFeed events;
    private final WhyItTookThisLong why;
    private final Clock clock;

    public TimelineController(OrderLookup orders, OrderEventFeed events, SimSettings sim, Clock clock) {
        this.orders = orders;
        this.events = events;
        this.why = new WhyItTookThisLong(sim.timeScale());
        this.clock = clock;
    }

    @Operation(summary = "An order's stages (state, from, to, duration, who, reasons) and why it took this long, in plain words",
            description = "From the order's journal (its history). Consecutive entries in one state are one stage;"
                    + " the current stage of an unfinished order has to: null and runs to now.")
    @ApiResponse(responseCode = "200", description = "the timeline",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Timeline.class)))
    @ApiResponse(responseCode = "404", description = "no such order",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "503", description = "the broker is unreachable",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @Get(produces = MediaType.APPLICATION_JSON)
    public Timeline timeline(@PathVariable String orderId) {
        Span.current().updateName("GET /v1/order/{id}/timeline");
        OrderSnapshot order = orders.find(orderId);
        List<OrderEvent> history;
        try {
            history = events.history(orderId).stream().map(StoredEvent::event).toList();
        } catch (IOException | JetStreamApiException e) {
            throw new BrokerUnavailableException("the order's timeline is unavailable while the broker is unreachable; try again", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerUnavailableException("interrupted while reading the order's history", e);
        }
        return of(order, history, clock, why);
    }

    static Timeline of(OrderSnapshot order, List<OrderEvent> history, Clock clock, WhyItTookThisLong why) {
        List<Stage> stages = Stages.of(history, clock.instant());
        long total = history.isEmpty() ? 0 : Math.max(0, Duration.between(history.getFirst().at(),
                history.getLast().state().isTerminal() ? history.getLast().at() : clock.instant()).toMillis());
        return new Timeline(order.orderId(), order.orderNumber(), stages, total, why.explain(history, stages));
    }
}
