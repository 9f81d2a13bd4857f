package io.boxbox.gateway.order;

import io.boxbox.gateway.problem.Problem;
import io.boxbox.pacchetto.order.Order;
import io.boxbox.pacchetto.order.OrderSnapshot;
import io.boxbox.pacchetto.telemetry.Telemetry;
import io.micronaut.http.HttpResponse;
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
import java.util.UUID;

/** Placing an order and looking it up. */
@Controller("/v1/order")
@ExecuteOn(TaskExecutors.BLOCKING)
public class OrderController {

    private final OrderValidator validator;
    private final OrderIntake intake;
    private final OrderLookup orders;
    private final TraceLinks traceLinks;
    private final Clock clock = Clock.systemUTC();

    public OrderController(OrderValidator validator, OrderIntake intake, OrderLookup orders,
                           TraceLinks traceLinks) {
        this.validator = validator;
        this.intake = intake;
        this.orders = orders;
        this.traceLinks = traceLinks;
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
    public HttpResponse<OrderAccepted> placeOrder(@Body @Valid OrderRequest request) {
        Span.current().updateName("POST /v1/order");
        Order order = validator.toOrder(request, UUID.randomUUID().toString(), clock.instant());
        Telemetry.tagCurrent(order.orderId(), request.username());
        intake.accept(order);
        String statusUrl = "/v1/order/" + order.orderId();
        return HttpResponse.accepted(URI.create(statusUrl))
                .body(new OrderAccepted(order.orderId(), "RECEIVED", order.orderedAt(), statusUrl, statusUrl + "/sse"));
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
