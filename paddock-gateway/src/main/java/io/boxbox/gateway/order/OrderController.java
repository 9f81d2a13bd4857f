package io.boxbox.gateway.order;

import io.boxbox.gateway.problem.Problem;
import io.boxbox.gateway.ratelimit.OrderRateLimiter;
import io.boxbox.pacchetto.order.Order;
import io.boxbox.pacchetto.order.OrderSnapshot;
import io.boxbox.pacchetto.telemetry.Telemetry;
import com.fasterxml.jackson.annotation.JsonInclude;
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
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.ExampleObject;

import java.net.URI;
import java.time.Clock;
import java.io.IOException;
import java.util.List;

/** Placing an order and looking it up. */
@Controller("/v1/order")
@ExecuteOn(TaskExecutors.BLOCKING)
public class OrderController {

    static final String ITEMS_EXAMPLE = """
            {"username": "charles", "order_type": "delivery", "destination": "ferrari_garage", "items": [
              {"kind": "pizza", "size": "large", "toppings": ["tomato", "mozzarella", "basil"], "border": "none", "quantity": 2},
              {"kind": "item", "id": "tiramisu", "quantity": 1}]}""";
    static final String ONE_PIZZA_EXAMPLE = """
            {"username": "charles", "size": "medium", "toppings": ["tomato", "mozzarella"], "border": "none",
             "order_type": "takeout"}""";
    static final String ACCEPTED_EXAMPLE = """
            {"order_id": "0b6f3c1e-8d0a-4c36-9a59-3f3c1d0e5a7b", "order_number": "BB-20261202-0042", "state": "RECEIVED",
             "ordered_at": "2026-12-02T12:00:00Z",
             "bill": {"lines": [
               {"item": 0, "description": "pizza large: tomato, mozzarella, basil", "quantity": 2, "unit_cents": 1400, "total_cents": 2800},
               {"item": 1, "description": "Tiramisù", "quantity": 1, "unit_cents": 500, "total_cents": 500}],
              "subtotal_cents": 3300, "delivery_fee_cents": 250, "total_cents": 3550, "currency": "EUR"},
             "status_url": "/v1/order/0b6f3c1e-8d0a-4c36-9a59-3f3c1d0e5a7b",
             "tracking_url": "/v1/order/0b6f3c1e-8d0a-4c36-9a59-3f3c1d0e5a7b/sse",
             "page_url": "/order.html?id=0b6f3c1e-8d0a-4c36-9a59-3f3c1d0e5a7b",
             "order_token": "c2lnbmVkLWJ5LXRoZS1nYXRld2F5"}""";

    private final OrderValidator validator;
    private final OrderPlacement placement;
    private final OrderTokens tokens;
    private final OrderLookup orders;
    private final TraceLinks traceLinks;
    private final OrderDesk desk;
    private final OrderEventFeed events;
    private final OrderRateLimiter rateLimiter;
    private final EventView eventView;
    private final Clock clock;

    public OrderController(OrderValidator validator, OrderPlacement placement, OrderTokens tokens, OrderLookup orders,
                           TraceLinks traceLinks, OrderDesk desk, OrderEventFeed events, OrderRateLimiter rateLimiter,
                           EventView eventView, Clock clock) {
        this.clock = clock;
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
            description = "An order is items (1 to 20: pizzas {kind: pizza, size, toppings, border, quantity} and drinks or"
                    + " desserts {kind: item, id, quantity}; quantity 1 to 10, at most 30 pizzas), or the older shape of"
                    + " one pizza: size, toppings and border at the top level. Never a price: the bill is computed from"
                    + " GET /v1/menu and comes back in the answer with the order_number."
                    + " Answers 202 once the order is safely on the queue; follow it at status_url or tracking_url (SSE)."
                    + " Keep order_token: cancelling takes it. With an Idempotency-Key (kept 24 h) a repeat by the same"
                    + " person with the same order gets the first answer again and makes nothing new.")
    @ApiResponse(responseCode = "202", description = "accepted: the kitchen will make it. A repeat with the same"
            + " Idempotency-Key answers the same order_id, order_number, bill, ordered_at and order_token, the current"
            + " state, and Idempotent-Replayed: true",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OrderAccepted.class),
                    examples = @ExampleObject(name = "a pizza and a tiramisù, delivered", value = ACCEPTED_EXAMPLE)))
    @ApiResponse(responseCode = "400", description = "the body is not valid JSON or has wrong types (a quantity of"
            + " \"two\" or 1.5), naming the field",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "422", description = "the order names something not on the menu or the map, has 0 or"
            + " over 20 items, a quantity outside 1 to 10, over 30 pizzas, both items and the single-pizza fields, or a"
            + " price (prices come from the menu), or the Idempotency-Key was used for a different order; every"
            + " offending field is named, as items[2].toppings[0]",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "429", description = "this person or this address orders too fast; see Retry-After",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "503", description = "the order queue did not confirm in time; the detail says whether"
            + " the order may have been placed. Retrying with the same Idempotency-Key is always safe",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @Post(consumes = MediaType.APPLICATION_JSON)
    public HttpResponse<OrderAccepted> placeOrder(HttpRequest<?> http,
                                                  @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                                                          mediaType = MediaType.APPLICATION_JSON,
                                                          schema = @Schema(implementation = OrderRequest.class),
                                                          examples = {
                                                                  @ExampleObject(name = "items", value = ITEMS_EXAMPLE),
                                                                  @ExampleObject(name = "one pizza (the older shape)",
                                                                          value = ONE_PIZZA_EXAMPLE)}))
                                                  @Body OrderRequest request,
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
                .body(new OrderAccepted(placed.orderId(), placed.orderNumber(), placed.state().name(), placed.orderedAt(),
                        placed.bill(), statusUrl, statusUrl + "/sse",
                        "/order.html?id=" + placed.orderId(), tokens.issue(placed.orderId())));
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
        OrderSnapshot order = orders.find(orderId);
        try {
            return new History(orderId, order.orderNumber(), events.history(orderId).stream().map(eventView::of).toList());
        } catch (IOException | JetStreamApiException e) {
            throw new BrokerUnavailableException("order history is unavailable while the broker is unreachable; try again", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerUnavailableException("interrupted while reading the history", e);
        }
    }

    /** The body of {@code GET /v1/order/{id}/history}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record History(String orderId, @Nullable String orderNumber,
                          @ArraySchema(schema = @Schema(implementation = EventView.Shape.class)) List<ObjectNode> events) {
    }

    @Operation(summary = "The latest state of an order, found by its order number (BB-YYYYMMDD-NNNN)")
    @ApiResponse(responseCode = "400", description = "not an order number",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "404", description = "no order has this number",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @Get("/by-number/{orderNumber}")
    public OrderView byNumber(@PathVariable String orderNumber) {
        Span.current().updateName("GET /v1/order/by-number/{number}");
        OrderSnapshot snapshot = orders.findByNumber(orderNumber);
        return new OrderView(snapshot, traceLinks.link(snapshot.traceId()));
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
