package io.boxbox.gateway.stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxbox.pacchetto.jetstream.Topology;
import io.boxbox.pacchetto.order.OrderEvent;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.MessageInfo;
import jakarta.inject.Singleton;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Order events from {@code ORDER_EVENTS} as reactive streams for SSE clients, without a consumer
 * per client: live events come from the gateway's one shared subscription ({@link LiveEvents}),
 * fanned out in memory; a stream that starts in the past (a single order's from its first event,
 * or any resumed with Last-Event-ID) first replays what is stored ({@link StoredEvents}) and then
 * goes live.
 *
 * <p>The hand-over: the client is registered with the live fan-out <em>before</em> the replay's
 * consumer is created, so the replay reaches at least as far as the first live event it was not
 * given, and nothing falls between the two; what both carry is dropped by stream sequence (each
 * stream only ever moves forward), so nothing is sent twice. A client that cannot keep up gets
 * {@link StreamSettings#buffer()} live events of slack, then an overflow error that ends its
 * stream: a slow client costs bounded memory and never holds the others back.
 */
@Singleton
public class OrderEventFeed {

    /** How long the first frame of a stream gets to be written before an overflow may end it. */
    private static final Duration FIRST_FRAME = Duration.ofMillis(200);
    /** JetStream's API error for "no message found". */
    private static final int NO_MESSAGE_FOUND = 10037;

    private final JetStream jetStream;
    private final JetStreamManagement management;
    private final ObjectMapper json;
    private final LiveEvents live;
    private final StoredEvents stored;

    public OrderEventFeed(Connection nats, JetStream jetStream, ObjectMapper json, LiveEvents live, StoredEvents stored)
            throws IOException {
        this.jetStream = jetStream;
        this.management = nats.jetStreamManagement();
        this.json = json;
        this.live = live;
        this.stored = stored;
    }

    /**
     * Makes sure the shared live subscription exists (the first client creates it; blocking, one
     * request): call it before handing out a stream, so a broker that is away is a 503, not a stream
     * that ends at once.
     */
    public void ready() throws IOException, JetStreamApiException {
        live.start();
    }

    /** Every event on {@code subject} from the first stored. */
    public Flux<StoredEvent> fromFirst(String subject) {
        return follow(subject, 0);
    }

    /** Only events delivered from now on. */
    public Flux<StoredEvent> fromNow(String subject) {
        return Flux.defer(() -> {
            LiveEvents.Watch watch = live.watch(subject);
            return cutOffWhenBehind(watch.events(), watch).doFinally(signal -> watch.close());
        });
    }

    /** The events on {@code subject} stored after stream sequence {@code sequence}: a resumed stream, no gap, no repeat. */
    public Flux<StoredEvent> after(String subject, long sequence) {
        return follow(subject, sequence);
    }

    /** The latest event stored on {@code subject}, if any. */
    public Optional<StoredEvent> latest(String subject) throws IOException, JetStreamApiException {
        MessageInfo last;
        try {
            last = management.getLastMessage(Topology.EVENTS_STREAM, subject);
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == NO_MESSAGE_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
        return Optional.of(new StoredEvent(last.getSeq(), json.readValue(last.getData(), OrderEvent.class)));
    }

    /** Every event of one order stored so far, in order: its history. */
    public List<StoredEvent> history(String orderId) throws IOException, JetStreamApiException, InterruptedException {
        JetStreamSubscription events = jetStream.subscribe(Topology.eventSubject(orderId),
                PullSubscribeOptions.builder().build());
        try {
            // What is stored now, not what keeps arriving while we read.
            long stored = events.getConsumerInfo().getNumPending();
            List<StoredEvent> history = new ArrayList<>();
            while (history.size() < stored) {
                List<Message> batch = events.fetch((int) Math.min(256, stored - history.size()), Duration.ofSeconds(2));
                if (batch.isEmpty()) {
                    break;
                }
                for (Message message : batch) {
                    history.add(new StoredEvent(message.metaData().streamSequence(),
                            json.readValue(message.getData(), OrderEvent.class)));
                    message.ack();
                }
            }
            return history;
        } finally {
            events.unsubscribe();
        }
    }

    private Flux<StoredEvent> follow(String subject, long sequence) {
        return Flux.defer(() -> {
            // Registered first: see the class comment. The replay's consumer is only created when
            // concat subscribes to it, after this.
            LiveEvents.Watch watch = live.watch(subject);
            Forward forward = new Forward(sequence);
            Flux<StoredEvent> events = Flux.concat(stored.after(subject, sequence), watch.events()).filter(forward::passes);
            return cutOffWhenBehind(events, watch).doFinally(signal -> watch.close());
        });
    }

    /**
     * Ends {@code events} with the overflow error as soon as the client falls too far behind, even
     * in the middle of a replay, but not before its first frame has had {@link #FIRST_FRAME} to go
     * out: an error before any frame is written is answered by Micronaut as an error response on a
     * connection kept alive, which would hold a client that reads nothing instead of letting it go.
     * (Micronaut asks for frames in its own way, so the only sign of "written" here is time.)
     */
    private static Flux<StoredEvent> cutOffWhenBehind(Flux<StoredEvent> events, LiveEvents.Watch watch) {
        Sinks.Empty<Void> started = Sinks.empty();
        return events.doOnNext(frame -> started.tryEmitEmpty())
                .mergeWith(started.asMono().thenMany(watch.cutOff().delaySubscription(FIRST_FRAME)));
    }

    /** Lets each stream sequence through once, in increasing order: the replay and the live part overlap. */
    private static final class Forward {

        private long last;

        Forward(long after) {
            this.last = after;
        }

        /** Reactor calls it for one element at a time, never concurrently. */
        boolean passes(StoredEvent event) {
            if (event.sequence() <= last) {
                return false;
            }
            last = event.sequence();
            return true;
        }
    }
}
