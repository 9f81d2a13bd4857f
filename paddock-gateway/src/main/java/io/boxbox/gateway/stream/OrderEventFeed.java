package io.boxbox.gateway.stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxbox.pacchetto.jetstream.Topology;
import io.boxbox.pacchetto.order.OrderEvent;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.MessageInfo;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Order events from {@code ORDER_EVENTS} as a reactive stream, read with an ordered push consumer
 * (ephemeral, gap-free, in order). Each subscriber gets its own consumer, removed when it leaves.
 * A subscriber that cannot keep up gets {@link StreamSettings#buffer()} events of slack, then an
 * overflow error that ends its stream: a slow client costs bounded memory.
 */
@Singleton
public class OrderEventFeed {

    private static final Logger LOG = LoggerFactory.getLogger(OrderEventFeed.class);
    /** JetStream's API error for "no message found". */
    private static final int NO_MESSAGE_FOUND = 10037;

    private final Connection nats;
    private final JetStream jetStream;
    private final JetStreamManagement management;
    private final ObjectMapper json;
    private final StreamSettings settings;

    public OrderEventFeed(Connection nats, JetStream jetStream, ObjectMapper json, StreamSettings settings) throws IOException {
        this.nats = nats;
        this.jetStream = jetStream;
        this.management = nats.jetStreamManagement();
        this.json = json;
        this.settings = settings;
    }

    /** Every event on {@code subject} from the first stored. */
    public Flux<StoredEvent> fromFirst(String subject) {
        return follow(subject, ConsumerConfiguration.builder().deliverPolicy(DeliverPolicy.All).build());
    }

    /** Only events stored from now on. */
    public Flux<StoredEvent> fromNow(String subject) {
        return follow(subject, ConsumerConfiguration.builder().deliverPolicy(DeliverPolicy.New).build());
    }

    /** The events on {@code subject} stored after stream sequence {@code sequence}: a resumed stream, no gap, no repeat. */
    public Flux<StoredEvent> after(String subject, long sequence) {
        return follow(subject, ConsumerConfiguration.builder()
                .deliverPolicy(DeliverPolicy.ByStartSequence).startSequence(sequence + 1).build());
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

    private Flux<StoredEvent> follow(String subject, ConsumerConfiguration from) {
        // The consumer pushes as fast as JetStream delivers; the bounded buffer is what stands
        // between it and a client that reads slowly.
        return Flux.<StoredEvent>create(sink -> subscribe(subject, from, sink), FluxSink.OverflowStrategy.IGNORE)
                .onBackpressureBuffer(settings.buffer(),
                        dropped -> LOG.warn("dropping an SSE client of {}: more than {} events behind", subject, settings.buffer()),
                        BufferOverflowStrategy.ERROR);
    }

    private void subscribe(String subject, ConsumerConfiguration from, FluxSink<StoredEvent> sink) {
        Dispatcher dispatcher = nats.createDispatcher();
        sink.onDispose(() -> nats.closeDispatcher(dispatcher));
        PushSubscribeOptions options = PushSubscribeOptions.builder().ordered(true).configuration(from).build();
        try {
            jetStream.subscribe(subject, dispatcher, message -> {
                try {
                    sink.next(new StoredEvent(message.metaData().streamSequence(),
                            json.readValue(message.getData(), OrderEvent.class)));
                } catch (IOException e) {
                    LOG.warn("skipping unreadable event on {}: {}", message.getSubject(), e.getMessage());
                }
            }, false, options);
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            sink.error(e);
        }
    }
}
