package io.boxbox.gateway.stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.boxbox.pacchetto.jetstream.Topology;
import io.boxbox.pacchetto.order.OrderEvent;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.DeliverPolicy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The events of a subject stored <em>so far</em>, read once: what a resumed or a single-order SSE
 * stream replays before it goes live. One short-lived pull consumer per replay (no acks, state in
 * memory), created when the replay is subscribed, so it counts what is stored at that moment, read
 * in batches as the client takes them, and deleted at the end.
 */
@Singleton
public class StoredEvents {

    private static final Logger LOG = LoggerFactory.getLogger(StoredEvents.class);
    private static final int BATCH = 256;
    private static final Duration FETCH_WAIT = Duration.ofSeconds(2);
    /** Should a delete be lost, the server drops the consumer by itself after this long unused. */
    private static final Duration INACTIVE = Duration.ofSeconds(30);

    private final JetStream jetStream;
    private final JetStreamManagement management;
    private final ObjectReader reader;

    public StoredEvents(Connection nats, JetStream jetStream, ObjectMapper json) throws IOException {
        this.jetStream = jetStream;
        this.management = nats.jetStreamManagement();
        this.reader = json.readerFor(OrderEvent.class);
    }

    /**
     * The events on {@code subject} after stream sequence {@code sequence} (0: from the first)
     * that are stored when this is subscribed, in order, then the end. Blocking reads run on
     * Reactor's bounded elastic scheduler, never on the caller's (an event loop's) thread.
     */
    public Flux<StoredEvent> after(String subject, long sequence) {
        return Flux.using(() -> open(subject, sequence),
                        replay -> Flux.<List<StoredEvent>>generate(sink -> {
                            if (replay.done()) {
                                sink.complete();
                            } else {
                                sink.next(replay.next());
                            }
                        }).concatMapIterable(batch -> batch, 1),
                        Replay::close)
                .subscribeOn(Schedulers.boundedElastic());
    }

    private Replay open(String subject, long sequence) throws IOException, JetStreamApiException {
        ConsumerConfiguration.Builder config = ConsumerConfiguration.builder()
                .filterSubject(subject)
                .ackPolicy(AckPolicy.None)
                .memStorage(true)
                .inactiveThreshold(INACTIVE);
        if (sequence > 0) {
            config.deliverPolicy(DeliverPolicy.ByStartSequence).startSequence(sequence + 1);
        } else {
            config.deliverPolicy(DeliverPolicy.All);
        }
        // Created with the management API, its answer counts what is stored now (num_pending): the
        // end of the replay. Then bound without another lookup.
        ConsumerInfo created = management.addOrUpdateConsumer(Topology.EVENTS_STREAM, config.build());
        JetStreamSubscription subscription;
        try {
            subscription = jetStream.subscribe(null, PullSubscribeOptions.fastBind(Topology.EVENTS_STREAM, created.getName()));
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            delete(created.getName());
            throw e;
        }
        return new Replay(subscription, created.getName(), created.getNumPending());
    }

    private void delete(String consumer) {
        try {
            management.deleteConsumer(Topology.EVENTS_STREAM, consumer);
        } catch (IOException | JetStreamApiException e) {
            LOG.debug("replay consumer {} not deleted ({}); it expires after {}", consumer, e.toString(), INACTIVE);
        }
    }

    /** One replay's consumer and how much of it is left. */
    private final class Replay {

        private final JetStreamSubscription subscription;
        private final String consumer;
        private long left;

        Replay(JetStreamSubscription subscription, String consumer, long stored) {
            this.subscription = subscription;
            this.consumer = consumer;
            this.left = stored;
        }

        boolean done() {
            return left <= 0;
        }

        /** The next batch; empty at the end (or if messages went missing, e.g. expired meanwhile). */
        List<StoredEvent> next() {
            List<StoredEvent> batch = new ArrayList<>();
            if (left <= 0) {
                return batch;
            }
            List<Message> fetched = subscription.fetch((int) Math.min(BATCH, left), FETCH_WAIT);
            if (fetched.isEmpty()) {
                left = 0;
                return batch;
            }
            for (Message message : fetched) {
                left--;
                try {
                    batch.add(new StoredEvent(message.metaData().streamSequence(), reader.readValue(message.getData())));
                } catch (IOException e) {
                    LOG.warn("skipping unreadable event on {}: {}", message.getSubject(), e.getMessage());
                }
            }
            return batch;
        }

        void close() {
            subscription.unsubscribe();
            delete(consumer);
        }
    }
}
