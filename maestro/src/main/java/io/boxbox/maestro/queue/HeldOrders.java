package io.boxbox.maestro.queue;

import io.boxbox.maestro.pass.PassSettings;
import io.boxbox.pacchetto.jetstream.Topology;
import io.boxbox.pacchetto.order.OrderType;
import io.nats.client.Message;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The messages this maestro holds. While people knead and bake, it tells JetStream every few
 * seconds that each one is still in progress, so the ack wait never hands a live order to
 * another replica.
 */
@Singleton
public class HeldOrders {

    private static final Logger LOG = LoggerFactory.getLogger(HeldOrders.class);

    private final Set<Message> messages = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("in-progress").daemon().factory());

    public HeldOrders(PassSettings settings) {
        long every = settings.inProgressInterval().toMillis();
        ticker.scheduleAtFixedRate(this::stillWorking, every, every, TimeUnit.MILLISECONDS);
    }

    void hold(Message message) {
        messages.add(message);
    }

    void release(Message message) {
        messages.remove(message);
    }

    int count() {
        return messages.size();
    }

    /** How many of them are orders of this type (from their subject). */
    int countOf(OrderType type) {
        String prefix = Topology.orderSubject(type, "");
        int count = 0;
        for (Message message : messages) {
            if (message.getSubject().startsWith(prefix)) {
                count++;
            }
        }
        return count;
    }

    /** The stream sequences of the messages held here (the sweeper leaves those alone). */
    Set<Long> sequences() {
        Set<Long> sequences = new java.util.HashSet<>();
        for (Message message : messages) {
            sequences.add(message.metaData().streamSequence());
        }
        return sequences;
    }

    private void stillWorking() {
        for (Message message : messages) {
            try {
                message.inProgress();
            } catch (RuntimeException e) {
                LOG.warn("could not extend {}: {}", message.getSubject(), e.toString());
            }
        }
    }

    @PreDestroy
    void close() {
        ticker.shutdownNow();
    }
}
