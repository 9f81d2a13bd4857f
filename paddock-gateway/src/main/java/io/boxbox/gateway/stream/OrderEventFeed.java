package io.boxbox.gateway.stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxbox.pacchetto.order.OrderEvent;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

import io.boxbox.pacchetto.jetstream.Topology;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Order events from {@code ORDER_EVENTS} as a reactive stream, read with an ordered push consumer
 * (ephemeral, gap-free, in order). Each subscriber gets its own consumer, removed when it leaves.
 */
@Singleton
public class OrderEventFeed {

    private static final Logger LOG = LoggerFactory.getLogger(OrderEventFeed.class);

    private final Connection nats;
    private final JetStream jetStream;
    private final ObjectMapper json;

    public OrderEventFeed(Connection nats, JetStream jetStream, ObjectMapper json) {
        this.nats = nats;
        this.jetStream = jetStream;
        this.json = json;
    }

    /** Events on {@code subject}, from the first one stored ({@link DeliverPolicy#All}) or only new ones. */
    public Flux<OrderEvent> follow(String subject, DeliverPolicy from) {
        return Flux.create(sink -> subscribe(subject, from, sink), FluxSink.OverflowStrategy.BUFFER);
    }

    /** Every event of one order stored so far, in order: its history. */
    public List<OrderEvent> history(String orderId) throws IOException, JetStreamApiException, InterruptedException {
        JetStreamSubscription events = jetStream.subscribe(Topology.eventSubject(orderId),
                PullSubscribeOptions.builder().build());
        try {
            // What is stored now, not what keeps arriving while we read.
            long stored = events.getConsumerInfo().getNumPending();
            List<OrderEvent> history = new ArrayList<>();
            while (history.size() < stored) {
                List<Message> batch = events.fetch((int) Math.min(256, stored - history.size()), Duration.ofSeconds(2));
                if (batch.isEmpty()) {
                    break;
                }
                for (Message message : batch) {
                    history.add(json.readValue(message.getData(), OrderEvent.class));
                    message.ack();
                }
            }
            return history;
        } finally {
            events.unsubscribe();
        }
    }

    private void subscribe(String subject, DeliverPolicy from, FluxSink<OrderEvent> sink) {
        Dispatcher dispatcher = nats.createDispatcher();
        sink.onDispose(() -> nats.closeDispatcher(dispatcher));
        PushSubscribeOptions options = PushSubscribeOptions.builder()
                .ordered(true)
                .configuration(ConsumerConfiguration.builder().deliverPolicy(from).build())
                .build();
        try {
            jetStream.subscribe(subject, dispatcher, message -> {
                try {
                    sink.next(json.readValue(message.getData(), OrderEvent.class));
                } catch (IOException e) {
                    LOG.warn("skipping unreadable event on {}: {}", message.getSubject(), e.getMessage());
                }
            }, false, options);
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            sink.error(e);
        }
    }
}
