package io.boxbox.gateway.stream;

import io.boxbox.gateway.order.OrderLookup;
import io.boxbox.gateway.problem.BrokerUnavailableException;
import io.boxbox.gateway.tracking.LocationUpdate;
import io.boxbox.gateway.tracking.TrackedOrders;
import io.boxbox.pacchetto.jetstream.Topology;
import io.boxbox.pacchetto.order.OrderSnapshot;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.sse.Event;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import jakarta.inject.Named;
import io.nats.client.JetStreamApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import java.io.IOException;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;

/**
 * Live order updates as Server-Sent Events: {@code event: state} frames carry one order event
 * each, with its stream sequence as {@code id}, so a reconnecting browser (Last-Event-ID) resumes
 * right after the last frame it saw; a single order's stream also carries {@code event: location}
 * frames from its driver's GPS while it is out for delivery (no id: they are not history).
 */
@Controller("/v1/order")
public class OrderStreamController {

    private static final String LAST_EVENT_ID = "Last-Event-ID";

    private final OrderEventFeed feed;
    private final OrderLookup orders;
    private final TrackedOrders tracking;
    private final EventView view;
    /** Where a stream's look-ups run before it starts: they block (JetStream requests). */
    private final Scheduler lookUps;

    public OrderStreamController(OrderEventFeed feed, OrderLookup orders, TrackedOrders tracking, EventView view,
                                 @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
        this.feed = feed;
        this.orders = orders;
        this.tracking = tracking;
        this.view = view;
        this.lookUps = Schedulers.fromExecutorService(blocking);
    }

    @Operation(summary = "Every order event as it happens (SSE); with Last-Event-ID, from right after that event")
    @Get(value = "/sse", produces = MediaType.TEXT_EVENT_STREAM)
    @ExecuteOn(InPlaceExecutor.NAME)
    public Mono<HttpResponse<Publisher<Event<?>>>> allOrders(@Parameter(description = "the id of the last state frame received")
                                                             @Nullable @Header(LAST_EVENT_ID) String lastEventId) {
        return lookedUp(() -> {
            feedReady();
            OptionalLong after = LastEventId.parse(lastEventId);
            Flux<StoredEvent> events = after.isPresent() ? feed.after(Topology.EVENTS_SUBJECTS, after.getAsLong())
                    : feed.fromNow(Topology.EVENTS_SUBJECTS);
            return HttpResponse.ok(events.map(this::stateEvent));
        });
    }

    @Operation(summary = "One order's history and live updates (SSE)",
            description = "State frames from the first event (or, with Last-Event-ID, from right after that one), and"
                    + " location frames while it is out for delivery; the stream ends at the order's final state."
                    + " 204 when Last-Event-ID names the order's final event: nothing will follow.")
    @ApiResponse(responseCode = "200", description = "the event stream")
    @ApiResponse(responseCode = "204", description = "the order has ended and the client has seen its last event")
    @Get(value = "/{orderId}/sse", produces = MediaType.TEXT_EVENT_STREAM)
    @ExecuteOn(InPlaceExecutor.NAME)
    public Mono<HttpResponse<Publisher<Event<?>>>> oneOrder(@PathVariable String orderId,
                                                            @Parameter(description = "the id of the last state frame received")
                                                            @Nullable @Header(LAST_EVENT_ID) String lastEventId) {
        return lookedUp(() -> oneOrderStream(orderId, lastEventId));
    }

    private HttpResponse<Publisher<Event<?>>> oneOrderStream(String orderId, @Nullable String lastEventId) {
        OrderSnapshot order = orders.find(orderId);
        String subject = Topology.eventSubject(orderId);
        OptionalLong after = LastEventId.parse(lastEventId);
        if (after.isPresent() && hasEndedBy(subject, after.getAsLong())) {
            // An EventSource reconnects after every stream that ends; 204 is what makes it stop.
            return HttpResponse.noContent();
        }
        feedReady();
        // Locations are subscribed first, so the order is tracked before its events (which name
        // the driver carrying it) start arriving; both end with the first final state, which is
        // told from the event itself, before it becomes a frame of text.
        Flux<LocationUpdate> locations = tracking.follow(order);
        Flux<StoredEvent> events = (after.isPresent() ? feed.after(subject, after.getAsLong()) : feed.fromFirst(subject))
                .doOnNext(stored -> tracking.learn(stored.event()));
        return HttpResponse.ok(Flux.<Object>merge(locations, events)
                .takeUntil(update -> update instanceof StoredEvent stored && stored.isFinal())
                .map(this::frame));
    }

    /**
     * The response, made on the blocking executor: the routes run in place ({@link InPlaceExecutor}),
     * on an event loop, so that their frames are not moved to a thread each; what blocks before the
     * stream starts runs here instead. What it throws is answered as if the route had thrown it.
     */
    private Mono<HttpResponse<Publisher<Event<?>>>> lookedUp(Callable<HttpResponse<Publisher<Event<?>>>> response) {
        return Mono.fromCallable(response).subscribeOn(lookUps);
    }

    /** The shared live subscription exists (the first client creates it), or the answer is a 503. */
    private void feedReady() {
        try {
            feed.ready();
        } catch (IOException | JetStreamApiException | IllegalStateException e) {
            throw new BrokerUnavailableException("live order events are unavailable while the broker is unreachable; try again", e);
        }
    }

    /** True when the order's last event is final and the client has it already. */
    private boolean hasEndedBy(String subject, long seen) {
        try {
            Optional<StoredEvent> latest = feed.latest(subject);
            return latest.isPresent() && latest.get().sequence() <= seen && latest.get().event().state().isTerminal();
        } catch (IOException | JetStreamApiException e) {
            throw new BrokerUnavailableException("the order's events are unavailable while the broker is unreachable; try again", e);
        }
    }

    /**
     * A state frame: its data is the event's view as JSON text, rendered once for all the
     * watchers of the event ({@link StoredEvent#frameData}) rather than serialized by Micronaut
     * once per watcher; a String goes out as it is, not quoted again.
     */
    private Event<?> stateEvent(StoredEvent stored) {
        return Event.of(stored.frameData(view::text)).name("state").id(Long.toString(stored.sequence()));
    }

    private Event<?> frame(Object update) {
        return switch (update) {
            case StoredEvent stored -> stateEvent(stored);
            case LocationUpdate location -> locationEvent(location);
            default -> throw new IllegalArgumentException("not a frame of an order's stream: " + update);
        };
    }

    private static Event<?> locationEvent(LocationUpdate location) {
        return Event.of(location).name("location");
    }
}
