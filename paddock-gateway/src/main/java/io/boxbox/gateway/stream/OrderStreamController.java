package io.boxbox.gateway.stream;

import io.boxbox.gateway.order.OrderLookup;
import io.boxbox.pacchetto.jetstream.Topology;
import io.boxbox.pacchetto.order.OrderEvent;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.sse.Event;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.nats.client.api.DeliverPolicy;
import io.swagger.v3.oas.annotations.Operation;
import org.reactivestreams.Publisher;

/** Live order updates as Server-Sent Events: {@code event: state} frames carry one order event each. */
@Controller("/v1/order")
public class OrderStreamController {

    private final OrderEventFeed feed;
    private final OrderLookup orders;

    public OrderStreamController(OrderEventFeed feed, OrderLookup orders) {
        this.feed = feed;
        this.orders = orders;
    }

    @Operation(summary = "Every order event as it happens (SSE)")
    @Get(value = "/sse", produces = MediaType.TEXT_EVENT_STREAM)
    public Publisher<Event<?>> allOrders() {
        return feed.follow(Topology.EVENTS_SUBJECTS, DeliverPolicy.New).map(OrderStreamController::stateEvent);
    }

    @Operation(summary = "One order's history and live updates (SSE); ends at the order's final state")
    @Get(value = "/{orderId}/sse", produces = MediaType.TEXT_EVENT_STREAM)
    @ExecuteOn(TaskExecutors.BLOCKING)
    public Publisher<Event<?>> oneOrder(@PathVariable String orderId) {
        orders.find(orderId);
        return feed.follow(Topology.eventSubject(orderId), DeliverPolicy.All)
                .takeUntil(event -> event.state().isTerminal())
                .map(OrderStreamController::stateEvent);
    }

    private static Event<?> stateEvent(OrderEvent event) {
        return Event.of(event).name("state").id(event.orderId() + ":" + event.state() + ":" + event.at().toEpochMilli());
    }
}
