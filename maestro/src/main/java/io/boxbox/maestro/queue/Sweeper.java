package io.boxbox.maestro.queue;

import io.boxbox.maestro.pass.PassSettings;
import io.boxbox.pacchetto.jetstream.JetStreamTopology;
import io.boxbox.pacchetto.jetstream.NatsSettings;
import io.boxbox.pacchetto.jetstream.Topology;
import io.boxbox.pacchetto.order.OrderType;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.MessageInfo;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Finds orders JetStream will not deliver again although nobody ended them: the maestro holding
 * the last delivery died and the max-deliveries advisory went unheard. Every
 * {@code sweep-interval} it compares the work queue with the consumer: a message delivered at
 * least once that is still on the queue (a work queue drops what is acked) and not waiting for an
 * ack is one whose deliveries ran out. JetStream tells how many are waiting, not which, so the
 * sweeper acts only when the count settles it — when every delivered message this maestro does
 * not hold itself is one that ran out — and otherwise looks again next time. It sweeps each
 * consumer this maestro pulls from (one per order type it makes) on its own: the counts are per
 * consumer. Each sweep also moves orders an older gateway still queued on the untyped subject
 * ({@link JetStreamTopology#moveUntypedOrders()}), which no consumer would deliver.
 */
@Singleton
public class Sweeper implements ApplicationEventListener<ServerStartupEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(Sweeper.class);
    private static final int NO_MESSAGE = 10037;

    private final Connection nats;
    private final HeldOrders held;
    private final StrandedOrders stranded;
    private final PassSettings settings;
    private final int maxDeliveries;
    private final ServedOrderTypes served;
    private final JetStreamTopology topology;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("sweeper").daemon().factory());

    public Sweeper(Connection nats, HeldOrders held, StrandedOrders stranded, PassSettings settings,
                   NatsSettings natsSettings, ServedOrderTypes served, JetStreamTopology topology) {
        this.nats = nats;
        this.held = held;
        this.stranded = stranded;
        this.settings = settings;
        this.maxDeliveries = natsSettings.maxDeliveries();
        this.served = served;
        this.topology = topology;
    }

    @Override
    public void onApplicationEvent(ServerStartupEvent event) {
        long every = settings.sweepInterval().toMillis();
        ticker.scheduleWithFixedDelay(this::sweepQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    private void sweepQuietly() {
        try {
            int ended = sweep();
            if (ended > 0) {
                LOG.warn("swept {} stranded orders", ended);
            }
        } catch (Exception e) {
            LOG.warn("sweep skipped: {}", e.toString());
        }
    }

    /** One sweep of every consumer this maestro pulls from; returns how many orders it ended. */
    int sweep() throws IOException, JetStreamApiException {
        int moved = topology.moveUntypedOrders();
        if (moved > 0) {
            LOG.warn("moved {} orders queued on the untyped subject to their typed subject", moved);
        }
        int ended = 0;
        for (OrderType type : served.types()) {
            ended += sweep(type);
        }
        return ended;
    }

    private int sweep(OrderType type) throws IOException, JetStreamApiException {
        JetStreamManagement jsm = nats.jetStreamManagement();
        ConsumerInfo consumer = jsm.getConsumerInfo(Topology.ORDERS_STREAM, Topology.maestroConsumer(type));
        long deliveredUpTo = consumer.getDelivered().getStreamSequence();
        long awaitingAck = consumer.getNumAckPending();
        List<MessageInfo> delivered = deliveredMessages(jsm, deliveredUpTo, Topology.orderSubjects(type));
        long ranOut = delivered.size() - awaitingAck;
        if (ranOut <= 0) {
            return 0;
        }
        Set<Long> mine = held.sequences();
        List<MessageInfo> unknown = delivered.stream().filter(m -> !mine.contains(m.getSeq())).toList();
        if (unknown.size() != ranOut) {
            LOG.info("{} {} orders ran out of deliveries; not yet clear which of {}, sweeping again later", ranOut,
                    type.wireName(), unknown.size());
            return 0;
        }
        int ended = 0;
        for (MessageInfo message : unknown) {
            if (stranded.end(message, "its last delivery ended without an end state: JetStream delivered it up to "
                    + maxDeliveries + " times and will not again", "sweeper")) {
                ended++;
            }
        }
        return ended;
    }

    private static List<MessageInfo> deliveredMessages(JetStreamManagement jsm, long deliveredUpTo, String subjects)
            throws IOException, JetStreamApiException {
        List<MessageInfo> messages = new ArrayList<>();
        long sequence = 1;
        while (sequence <= deliveredUpTo) {
            MessageInfo next;
            try {
                next = jsm.getNextMessage(Topology.ORDERS_STREAM, sequence, subjects);
            } catch (JetStreamApiException e) {
                if (e.getApiErrorCode() == NO_MESSAGE) {
                    break;
                }
                throw e;
            }
            if (next == null || next.getSeq() > deliveredUpTo) {
                break;
            }
            messages.add(next);
            sequence = next.getSeq() + 1;
        }
        return messages;
    }

    @PreDestroy
    void close() {
        ticker.shutdownNow();
    }
}
