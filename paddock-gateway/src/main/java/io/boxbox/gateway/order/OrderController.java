package io.boxbox.gateway.order;

import io.boxbox.gateway.problem.Problem;
import io.boxbox.gateway.ratelimit.OrderRateLimiter;
import io.boxbox.pacchetto.order.Order;
import io.boxbox.pacchetto.order.OrderSnapshot;
import io.boxbox.pacchetto.telemetry.Telemetry;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.boxbox.gateway.problem.BrokerUnavailableException;
import io.boxbox.gateway.stream.OrderEventFeed;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.boxbox.gateway.stream.EventView;
import io.micronaut.core.annotation.Nullable;
import io.boxbox.gateway.token.OrderTokenScheme;
import io.boxbox.gateway.token.OrderTokens;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Header;
import io.nats.client.JetStreamApiException;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.opentelemetry.api.trace.Span;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;

import java.net.URI;
import java.time.Clock;
import java.io.IOException;
import java.util.List;

/** Placing an order and looking it up. */
@Controller("/v1/order")
@ExecuteOn(TaskExecutors.BLOCKING)
public class OrderController {

    private final OrderValidator validator;
    private final OrderPlacement placement;
    private final OrderTokens tokens;
    private final OrderLookup orders;
    private final TraceLinks traceLinks;
    private final OrderDesk desk;
    private final OrderEventFeed events;
    private final OrderRateLimiter rateLimiter;
    private final EventView eventView;
    private final Clock clock = Clock.systemUTC();

    public OrderController(OrderValidator validator, OrderPlacement placement, OrderTokens tokens, OrderLookup orders,
                           TraceLinks traceLinks, OrderDesk desk, OrderEventFeed events, OrderRateLimiter rateLimiter,
                           EventView eventView) {
        this.eventView = eventView;
        this.validator = validator;
        this.placement = placement;
        this.tokens = tokens;
        this.orders = orders;
        this.traceLinks = traceLinks;
        this.desk = desk;
        this.events = events;
        this.rateLimiter = rateLimiter;
    }

    @Operation(summary = "Place an order",
            description = "Answers 202 once the order is safely on the queue; follow it at status_url or tracking_url (SSE)."
                    + " Keep order_token: cancelling takes it. With an Idempotency-Key (kept 24 h) a repeat by the same"
                    + " person with the same order gets the first answer again and makes nothing new.")
    @ApiResponse(responseCode = "202", description = "accepted: the kitchen will make it; a repeat with the same"
            + " Idempotency-Key answers the same order_id, ordered_at and order_token, the current state, and"
            + " Idempotent-Replayed: true")
    @ApiResponse(responseCode = "400", description = "the body is not valid JSON or has wrong types",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "422", description = "the order names something not on the menu or the map, or the"
            + " Idempotency-Key was used for a different order",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "429", description = "this person or this address orders too fast; see Retry-After",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "503", description = "the order queue did not confirm in time; the detail says whether"
            + " the order may have been placed. Retrying with the same Idempotency-Key is always safe",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @Post(consumes = MediaType.APPLICATION_JSON)
    public HttpResponse<OrderAccepted> placeOrder(HttpRequest<?> http, @Body @Valid OrderRequest request,
                                                  @Parameter(description = "1–128 printable characters; the same"
                                                          + " person, key and order get the first answer for 24 h,"
                                                          + " so a retry is always safe")
                                                  @Nullable @Header("Idempotency-Key") String idempotencyKey) {
        Span.current().updateName("POST /v1/order");
        String orderId = IdempotencyKeys.orderId(request.username(), idempotencyKey);
        Order order = validator.toOrder(request, orderId, clock.instant());
        Telemetry.tagCurrent(order.orderId(), request.username());
        rateLimiter.admit(request.username(), http);
        OrderPlacement.Placed placed = placement.place(order, idempotencyKey);
        String statusUrl = "/v1/order/" + placed.orderId();
        MutableHttpResponse<OrderAccepted> response = HttpResponse.accepted(URI.create(statusUrl))
                .body(new OrderAccepted(placed.orderId(), placed.state().name(), placed.orderedAt(), statusUrl,
                        statusUrl + "/sse", tokens.issue(placed.orderId())));
        return placed.replayed() ? response.header("Idempotent-Replayed", "true") : response;
    }

    @Operation(summary = "Cancel an order that has not reached the oven",
            description = "Only who placed the order may: send Authorization: Bearer <order_token> from the 202 answer."
                    + " 202 with the cancelled order; 409 with the current state once it is in the oven or later.",
            security = @SecurityRequirement(name = OrderTokenScheme.NAME))
    @ApiResponse(responseCode = "202", description = "cancelled")
    @ApiResponse(responseCode = "403", description = "no order token, or another order's",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "404", description = "no such order",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "409", description = "too late to cancel",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @Delete("/{orderId}")
    public HttpResponse<OrderView> cancel(@PathVariable String orderId,
                                          @Parameter(hidden = true) @Nullable @Header("Authorization") String authorization) {
        Span.current().updateName("DELETE /v1/order/{id}");
        Telemetry.tagCurrent(orderId, null);
        OrderSnapshot cancelled = desk.cancel(orderId, authorization);
        return HttpResponse.accepted().body(new OrderView(cancelled, traceLinks.link(cancelled.traceId())));
    }

    @Operation(summary = "Every event of an order, in order: who did what, when, and why it waited",
            description = "Each entry has seq, its stream sequence: the id of its SSE state frame, for Last-Event-ID")
    @Get("/{orderId}/history")
    public History history(@PathVariable String orderId) {
        Span.current().updateName("GET /v1/order/{id}/history");
        orders.find(orderId);
        try {
            return new History(orderId, events.history(orderId).stream().map(eventView::of).toList());
        } catch (IOException | JetStreamApiException e) {
            throw new BrokerUnavailableException("order history is unavailable while the broker is unreachable; try again", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerUnavailableException("interrupted while reading the history", e);
        }
    }

    /** The body of {@code GET /v1/order/{id}/history}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record History(String orderId, List<ObjectNode> events) {
    }

    @Operation(summary = "The latest state of an order")
    @ApiResponse(responseCode = "404", description = "no such order",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @Get("/{orderId}")
    public OrderView order(@PathVariable String orderId) {
        Span.current().updateName("GET /v1/order/{id}");
        OrderSnapshot snapshot = orders.find(orderId);
        return new OrderView(snapshot, traceLinks.link(snapshot.traceId()));
    }
}
