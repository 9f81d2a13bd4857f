package io.boxbox.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxbox.pacchetto.jetstream.Topology;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;

import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Watches every order event on the broker (a core subscription on {@code orders.events.>}, which
 * sees each JetStream publish) and remembers which orders reached {@code DELIVERED}.
 */
final class DeliveryWatch implements AutoCloseable {

    private final Set<String> delivered = ConcurrentHashMap.newKeySet();
    private final Set<String> failed = ConcurrentHashMap.newKeySet();
    private final ObjectMapper json = new ObjectMapper();
    private final Dispatcher dispatcher;
    private final Connection nats;

    DeliveryWatch(Connection nats) {
        this.nats = nats;
        this.dispatcher = nats.createDispatcher(message -> {
            try {
                JsonNode event = json.readTree(message.getData());
                String state = event.path("state").asText();
                if (state.equals("DELIVERED")) {
                    delivered.add(event.path("order_id").asText());
                } else if (state.equals("FAILED") || state.equals("CANCELLED")) {
                    failed.add(event.path("order_id").asText());
                }
            } catch (IOException e) {
                throw new IllegalStateException("an order event that is not JSON on " + message.getSubject(), e);
            }
        });
        dispatcher.subscribe(Topology.EVENTS_SUBJECTS);
    }

    /** Waits until every given order is delivered, or the time is up; returns how many were. */
    long awaitDelivered(Collection<String> orderIds, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        long done;
        while ((done = orderIds.stream().filter(delivered::contains).count()) < orderIds.size()
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return done;
    }

    long failedAmong(Collection<String> orderIds) {
        return orderIds.stream().filter(failed::contains).count();
    }

    @Override
    public void close() {
        nats.closeDispatcher(dispatcher);
    }
}
