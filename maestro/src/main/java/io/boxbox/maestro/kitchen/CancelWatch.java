package io.boxbox.maestro.kitchen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxbox.pacchetto.jetstream.Topology;
import io.boxbox.pacchetto.order.OrderState;
import io.grpc.Context;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hears a customer's cancel as it is recorded and cancels that order's kitchen calls in flight,
 * so a cancelled pizza is not kneaded, topped or baked to the end. One core-NATS subscription on
 * the order events ({@code orders.events.>}); core NATS, not a consumer: a cancel heard late is
 * still caught by the check each kitchen call makes before it starts.
 */
@Singleton
public class CancelWatch implements AutoCloseable {

    /** Why a call was cancelled: the customer cancelled the order. */
    static final class OrderCancelled extends RuntimeException {
        OrderCancelled(String orderId) {
            super("order " + orderId + " was cancelled by the customer", null, false, false);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(CancelWatch.class);
    private static final byte[] CANCELLED = OrderState.CANCELLED.name().getBytes(StandardCharsets.US_ASCII);

    private final Map<String, Set<Context.CancellableContext>> calls = new ConcurrentHashMap<>();
    private final Connection nats;
    private final ObjectMapper json;
    private final Dispatcher dispatcher;

    public CancelWatch(Connection nats, ObjectMapper json) {
        this.nats = nats;
        this.json = json;
        this.dispatcher = nats.createDispatcher(this::heard);
        dispatcher.subscribe(Topology.EVENTS_SUBJECTS);
    }

    /** From now on a cancel of the order cancels {@code call}. */
    void watch(String orderId, Context.CancellableContext call) {
        calls.computeIfAbsent(orderId, id -> ConcurrentHashMap.newKeySet()).add(call);
    }

    void forget(String orderId, Context.CancellableContext call) {
        calls.computeIfPresent(orderId, (id, running) -> {
            running.remove(call);
            return running.isEmpty() ? null : running;
        });
    }

    static boolean cancelledByTheCustomer(Context.CancellableContext call) {
        return call.isCancelled() && call.cancellationCause() instanceof OrderCancelled;
    }

    private void heard(Message event) {
        if (!mentionsCancelled(event.getData())) {
            return;
        }
        try {
            JsonNode parsed = json.readTree(event.getData());
            if (!OrderState.CANCELLED.name().equals(parsed.path("state").asText())) {
                return;
            }
        } catch (IOException unreadable) {
            LOG.warn("unreadable order event on {}: {}", event.getSubject(), unreadable.getMessage());
            return;
        }
        String orderId = event.getSubject().substring(Topology.EVENTS_SUBJECT_PREFIX.length());
        Set<Context.CancellableContext> running = calls.get(orderId);
        if (running != null && !running.isEmpty()) {
            LOG.info("order {} was cancelled: stopping its kitchen calls", orderId);
            running.forEach(call -> call.cancel(new OrderCancelled(orderId)));
        }
    }

    /** Most events are not cancels: skip parsing those. */
    private static boolean mentionsCancelled(byte[] data) {
        outer:
        for (int i = 0; i <= data.length - CANCELLED.length; i++) {
            for (int j = 0; j < CANCELLED.length; j++) {
                if (data[i + j] != CANCELLED[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Override
    @PreDestroy
    public void close() {
        if (dispatcher.isActive()) {
            nats.closeDispatcher(dispatcher);
        }
    }
}
