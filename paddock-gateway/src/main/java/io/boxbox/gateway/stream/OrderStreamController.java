package io.boxbox.gateway.stream;

import io.boxbox.gateway.order.OrderLookup;
import io.boxbox.gateway.tracking.LocationUpdate;
import io.boxbox.gateway.tracking.TrackedOrders;
import io.boxbox.pacchetto.jetstream.Topology;
import io.boxbox.pacchetto.order.OrderEvent;
import io.boxbox.pacchetto.order.OrderSnapshot;
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
import reactor.core.publisher.Flux;

/**
 * Live order updates as Server-Sent Events: {@code event: state} frames carry one order event
 * each; a single order's stream also carries {@code event: location} frames from its driver's
 * GPS while it is out for delivery.
 */
@Controller("/v1/order")
public class OrderStreamController {

    private final OrderEventFeed feed;
    private final OrderLookup orders;
    private final TrackedOrders tracking;

    public OrderStreamController(OrderEventFeed feed, OrderLookup orders, TrackedOrders tracking) {
        this.feed = feed;
        this.orders = orders;
        this.tracking = tracking;
    }

    @Operation(summary = "Every order event as it happens (SSE)")
    @Get(value = "/sse", produces = MediaType.TEXT_EVENT_STREAM)
    public Publisher<Event<?>> allOrders() {
        return feed.follow(Topology.EVENTS_SUBJECTS, DeliverPolicy.New).map(OrderStreamController::stateEvent);
    }

    @Operation(summary = "One order's history and live updates (SSE): state frames, and location frames while it is out for delivery; ends at the order's final state")
    @Get(value = "/{orderId}/sse", produces = MediaType.TEXT_EVENT_STREAM)
    @ExecuteOn(TaskExecutors.BLOCKING)
    public Publisher<Event<?>> oneOrder(@PathVariable String orderId) {
        OrderSnapshot order = orders.find(orderId);
        // Locations are subscribed first, so the order is tracked before its events (which name
        // the driver carrying it) start arriving; both end with the first final state.
        Flux<Event<?>> locations = tracking.follow(order).map(OrderStreamController::locationEvent);
        Flux<Event<?>> states = feed.follow(Topology.eventSubject(orderId), DeliverPolicy.All)
                .doOnNext(tracking::learn)
                .map(OrderStreamController::stateEvent);
        return Flux.merge(locations, states).takeUntil(OrderStreamController::isFinalState);
    }

    private static Event<?> stateEvent(OrderEvent event) {
        return Event.of(event).name("state").id(event.orderId() + ":" + event.state() + ":" + event.at().toEpochMilli());
    }

    private static Event<?> locationEvent(LocationUpdate location) {
        return Event.of(location).name("location");
    }

    private static boolean isFinalState(Event<?> frame) {
        return frame.getData() instanceof OrderEvent event && event.state().isTerminal();
    }
}
