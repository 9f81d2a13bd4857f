package io.boxbox.gateway.stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.boxbox.pacchetto.jetstream.Topology;
import io.boxbox.pacchetto.order.OrderEvent;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The gateway's one live subscription to {@code ORDER_EVENTS}, fanned out in memory to every SSE
 * client: a single ordered push consumer on {@code orders.events.>} (created on the first watcher,
 * kept while the gateway runs), whose dispatcher reads each event once and hands it to the
 * watchers of the firehose and to those of its order's subject. Watchers are routed by subject (a
 * map lookup), not filtered one by one, so an event costs the same however many other orders are
 * watched.
 *
 * <p>Each watcher has its own bounded buffer ({@link StreamSettings#buffer()} events, a Reactor
 * unicast sink over a fixed-size queue): a client that falls that far behind gets an overflow
 * error, which ends its stream, and is removed, while the others go on. A watcher is registered
 * synchronously by {@link #watch}: every event the dispatcher delivers after that call reaches it,
 * which is what lets {@link OrderEventFeed} hand over from a replay of stored events without a gap.
 *
 * <p>After a NATS outage jnats' ordered consumer re-creates itself from the last stream sequence
 * it delivered (its heartbeat alarm retries until the broker is back), so watchers stay attached
 * and get what was stored meanwhile; the sequence check below guarantees no watcher ever sees an
 * event twice, whatever the consumer does.
 */
@Singleton
public class LiveEvents implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LiveEvents.class);
    /** Missed heartbeats (three of these) make jnats re-create the consumer: a few seconds after an outage. */
    private static final Duration HEARTBEAT = Duration.ofSeconds(1);

    private final Connection nats;
    private final JetStream jetStream;
    private final ObjectReader reader;
    private final int buffer;
    /** Watchers by the subject they follow: an order's {@code orders.events.<id>}, or {@code orders.events.>}. */
    private final Map<String, Set<Watcher>> watchers = new ConcurrentHashMap<>();
    private Dispatcher dispatcher;
    private JetStreamSubscription subscription;
    /** Written by the dispatcher's one thread only. */
    private long lastDelivered;

    public LiveEvents(Connection nats, JetStream jetStream, ObjectMapper json, StreamSettings settings) {
        this.nats = nats;
        this.jetStream = jetStream;
        this.reader = json.readerFor(OrderEvent.class);
        this.buffer = settings.buffer();
    }

    /** Subscribes once (blocking, one request to JetStream); later calls return at once. */
    public synchronized void start() throws IOException, JetStreamApiException {
        if (subscription != null) {
            return;
        }
        Dispatcher created = nats.createDispatcher();
        try {
            subscription = jetStream.subscribe(Topology.EVENTS_SUBJECTS, created, this::onMessage, false,
                    PushSubscribeOptions.builder()
                            .stream(Topology.EVENTS_STREAM)
                            .ordered(true)
                            .configuration(ConsumerConfiguration.builder()
                                    .deliverPolicy(DeliverPolicy.New)
                                    .idleHeartbeat(HEARTBEAT)
                                    .build())
                            .build());
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            nats.closeDispatcher(created);
            throw e;
        }
        dispatcher = created;
        LOG.info("SSE feed: one ordered consumer on {} for every watcher", Topology.EVENTS_SUBJECTS);
    }

    /**
     * Registers a watcher of {@code subject} ({@link Topology#EVENTS_SUBJECTS} or one order's
     * subject) now: every event delivered from here on is in its {@link Watch#events()}, buffered
     * until it is subscribed. {@link Watch#close()} removes it.
     */
    public Watch watch(String subject) {
        Watcher watcher = new Watcher(subject,
                Sinks.many().unicast().onBackpressureBuffer(new ArrayBlockingQueue<>(buffer)));
        // compute, not computeIfAbsent + add: a set emptied and dropped by a leaving watcher at the
        // same moment would otherwise swallow the new one
        watchers.compute(subject, (key, set) -> {
            Set<Watcher> into = set == null ? ConcurrentHashMap.newKeySet() : set;
            into.add(watcher);
            return into;
        });
        return watcher;
    }

    /** How many watchers follow {@code subject} now. */
    public int watching(String subject) {
        Set<Watcher> set = watchers.get(subject);
        return set == null ? 0 : set.size();
    }

    private void remove(Watcher watcher) {
        watchers.computeIfPresent(watcher.subject, (key, set) -> {
            set.remove(watcher);
            return set.isEmpty() ? null : set;
        });
    }

    private void onMessage(Message message) {
        long sequence = message.metaData().streamSequence();
        if (sequence <= lastDelivered) {
            return;
        }
        lastDelivered = sequence;
        Set<Watcher> everyOrder = watchers.get(Topology.EVENTS_SUBJECTS);
        Set<Watcher> thisOrder = watchers.get(message.getSubject());
        if (everyOrder == null && thisOrder == null) {
            return;
        }
        StoredEvent event;
        try {
            event = new StoredEvent(sequence, reader.readValue(message.getData()));
        } catch (IOException e) {
            LOG.warn("skipping unreadable event #{} on {}: {}", sequence, message.getSubject(), e.getMessage());
            return;
        }
        deliver(everyOrder, event);
        deliver(thisOrder, event);
    }

    private void deliver(Set<Watcher> to, StoredEvent event) {
        if (to == null) {
            return;
        }
        for (Watcher watcher : to) {
            watcher.offer(event);
        }
    }

    @PreDestroy
    @Override
    public synchronized void close() {
        if (subscription != null) {
            nats.closeDispatcher(dispatcher);
            subscription = null;
        }
        watchers.values().forEach(set -> set.forEach(watcher -> watcher.sink.tryEmitComplete()));
        watchers.clear();
    }

    /** One client's place in the fan-out. */
    public interface Watch extends AutoCloseable {

        /** The live events since {@link LiveEvents#watch}, in order. */
        Flux<StoredEvent> events();

        /**
         * Nothing, then an overflow error the moment the client falls more than the buffer behind
         * (merged into the client's stream, it ends it at once, even while a replay still runs).
         */
        Flux<StoredEvent> cutOff();

        @Override
        void close();
    }

    private final class Watcher implements Watch {

        private final String subject;
        private final Sinks.Many<StoredEvent> sink;
        private final Sinks.Empty<Void> cut = Sinks.empty();

        Watcher(String subject, Sinks.Many<StoredEvent> sink) {
            this.subject = subject;
            this.sink = sink;
        }

        /** On the dispatcher's thread: the one emitter, so the sink is never emitted to concurrently. */
        void offer(StoredEvent event) {
            Sinks.EmitResult result = sink.tryEmitNext(event);
            // A full queue reads FAIL_ZERO_SUBSCRIBER while the stream is still replaying (nobody
            // takes from the queue yet), FAIL_OVERFLOW afterwards: the client is too far behind either way.
            if (result == Sinks.EmitResult.FAIL_OVERFLOW || result == Sinks.EmitResult.FAIL_ZERO_SUBSCRIBER) {
                LOG.warn("dropping an SSE client of {}: more than {} events behind", subject, buffer);
                remove(this);
                cut.tryEmitError(Exceptions.failWithOverflow("more than " + buffer + " events behind"));
            } else if (result.isFailure()) {
                // cancelled or already ended: the client has left
                remove(this);
            }
        }

        @Override
        public Flux<StoredEvent> events() {
            return sink.asFlux();
        }

        @Override
        public Flux<StoredEvent> cutOff() {
            return cut.asMono().thenMany(Flux.empty());
        }

        @Override
        public void close() {
            remove(this);
        }
    }
}
