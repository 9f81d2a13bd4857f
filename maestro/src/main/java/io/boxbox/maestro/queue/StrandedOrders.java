package io.boxbox.maestro.queue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxbox.maestro.pass.OrderPass;
import io.boxbox.pacchetto.jetstream.Topology;
import io.boxbox.pacchetto.order.Order;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.api.MessageInfo;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/**
 * Ends an order JetStream will not deliver again (its last delivery ran out without an end
 * state): FAILED with the reason, opened first from the queued order if its first snapshot was
 * never written, then taken off the work queue. The give-up watch and the sweeper both end
 * orders here; the journal lets only the first writer record the end.
 */
@Singleton
public class StrandedOrders {

    private static final Logger LOG = LoggerFactory.getLogger(StrandedOrders.class);

    private final Connection nats;
    private final OrderPass pass;
    private final ObjectMapper json;

    public StrandedOrders(Connection nats, OrderPass pass, ObjectMapper json) {
        this.nats = nats;
        this.pass = pass;
        this.json = json;
    }

    /** Returns true when this call recorded the end. */
    boolean end(MessageInfo queued, String why, String who) throws IOException, JetStreamApiException {
        boolean ended = false;
        Order order = readable(queued);
        if (order != null) {
            ended = pass.giveUp(order, why, who);
            if (ended) {
                LOG.error("order {} FAILED: {}", order.orderId(), why);
            }
        }
        nats.jetStreamManagement().deleteMessage(Topology.ORDERS_STREAM, queued.getSeq());
        return ended;
    }

    private Order readable(MessageInfo queued) {
        try {
            return json.readValue(queued.getData(), Order.class);
        } catch (IOException e) {
            // The puller sets unreadable messages aside as dead letters; this one never reached a maestro.
            LOG.warn("stranded message {} is not an order: {}", queued.getSubject(), e.getMessage());
            return null;
        }
    }
}
