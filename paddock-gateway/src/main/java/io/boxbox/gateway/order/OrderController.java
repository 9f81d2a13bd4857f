package io.boxbox.gateway.order;

import io.boxbox.gateway.problem.Problem;
import io.boxbox.pacchetto.order.Order;
import io.boxbox.pacchetto.order.OrderSnapshot;
import io.boxbox.pacchetto.telemetry.Telemetry;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.boxbox.gateway.problem.BrokerUnavailableException;
import io.boxbox.gateway.stream.OrderEventFeed;
import io.boxbox.pacchetto.order.OrderEvent;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
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
    private final OrderIntake intake;
    private final OrderLookup orders;
    private final TraceLinks traceLinks;
    private final OrderDesk desk;
    private final OrderEventFeed events;
    private final OrderRateLimiter rateLimiter;
    private final Clock clock = Clock.systemUTC();

    public OrderController(OrderValidator validator, OrderIntake intake, OrderLookup orders,
                           TraceLinks traceLinks, OrderDesk desk, OrderEventFeed events, OrderRateLimiter rateLimiter) {
        this.validator = validator;
        this.intake = intake;
        this.orders = orders;
        this.traceLinks = traceLinks;
        this.desk = desk;
        this.events = events;
        this.rateLimiter = rateLimiter;
    }

    @Operation(summary = "Place an order",
            description = "Answers 202 once the order is safely on the queue; follow it at status_url or tracking_url (SSE).")
    @ApiResponse(responseCode = "202", description = "accepted: the kitchen will make it")
    @ApiResponse(responseCode = "400", description = "the body is not valid JSON or has wrong types",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "422", description = "the order names something not on the menu or the map",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "503", description = "the order queue is unreachable; the order was NOT placed",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @Post(consumes = MediaType.APPLICATION_JSON)
    public HttpResponse<OrderAccepted> placeOrder(@Body @Valid OrderRequest request,
                                                  @Nullable @Header("Idempotency-Key") String idempotencyKey) {
        Span.current().updateName("POST /v1/order");
        String orderId = IdempotencyKeys.orderId(request.username(), idempotencyKey);
        Order order = validator.toOrder(request, orderId, clock.instant());
        Telemetry.tagCurrent(order.orderId(), request.username());
        rateLimiter.admit(request.username());
        boolean fresh = intake.accept(order);
        String statusUrl = "/v1/order/" + order.orderId();
        // A repeat answers exactly like the first time: same id, same time of ordering.
        var orderedAt = fresh ? order.orderedAt() : orders.find(order.orderId()).orderedAt();
        return HttpResponse.accepted(URI.create(statusUrl))
                .body(new OrderAccepted(order.orderId(), "RECEIVED", orderedAt, statusUrl, statusUrl + "/sse"));
    }

    @Operation(summary = "Cancel an order that has not reached the oven",
            description = "202 with the cancelled order; 409 with the current state once it is in the oven or later.")
    @ApiResponse(responseCode = "409", description = "too late to cancel",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @Delete("/{orderId}")
    public HttpResponse<OrderView> cancel(@PathVariable String orderId) {
        Span.current().updateName("DELETE /v1/order/{id}");
        Telemetry.tagCurrent(orderId, null);
        OrderSnapshot cancelled = desk.cancel(orderId);
        return HttpResponse.accepted().body(new OrderView(cancelled, traceLinks.link(cancelled.traceId())));
    }

    @Operation(summary = "Every event of an order, in order: who did what, when, and why it waited")
    @Get("/{orderId}/history")
    public History history(@PathVariable String orderId) {
        Span.current().updateName("GET /v1/order/{id}/history");
        orders.find(orderId);
        try {
            return new History(orderId, events.history(orderId));
        } catch (IOException | JetStreamApiException e) {
            throw new BrokerUnavailableException("order history is unavailable while the broker is unreachable; try again", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerUnavailableException("interrupted while reading the history", e);
        }
    }

    /** The body of {@code GET /v1/order/{id}/history}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record History(String orderId, List<OrderEvent> events) {
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
