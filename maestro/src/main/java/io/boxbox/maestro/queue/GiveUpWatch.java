package io.boxbox.maestro.queue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxbox.maestro.pass.OrderPass;
import io.boxbox.pacchetto.jetstream.Topology;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.api.MessageInfo;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens for JetStream's max-deliveries advisory on the maestro consumer: an order whose last
 * attempt died with its maestro (kill -9) is marked FAILED with the reason instead of vanishing.
 * Every replica listens; the journal's compare-and-set lets exactly one of them record it.
 */
@Singleton
public class GiveUpWatch implements ApplicationEventListener<ServerStartupEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(GiveUpWatch.class);

    private final Connection nats;
    private final OrderPass pass;
    private final ObjectMapper json;

    public GiveUpWatch(Connection nats, OrderPass pass, ObjectMapper json) {
        this.nats = nats;
        this.pass = pass;
        this.json = json;
    }

    @Override
    public void onApplicationEvent(ServerStartupEvent event) {
        Dispatcher dispatcher = nats.createDispatcher(this::onAdvisory);
        dispatcher.subscribe(Topology.MAX_DELIVERIES_ADVISORY);
    }

    private void onAdvisory(Message advisory) {
        try {
            JsonNode body = json.readTree(advisory.getData());
            long sequence = body.path("stream_seq").asLong();
            MessageInfo original = nats.jetStreamManagement().getMessage(Topology.ORDERS_STREAM, sequence);
            String orderId = original.getSubject().substring(Topology.ORDERS_SUBJECT_PREFIX.length());
            long deliveries = body.path("deliveries").asLong();
            if (pass.giveUp(orderId, "no maestro finished it in " + deliveries + " attempts", "the pass")) {
                LOG.error("order {} FAILED after {} deliveries", orderId, deliveries);
            }
            // JetStream will not deliver it again; take it off the work queue now that it is recorded.
            nats.jetStreamManagement().deleteMessage(Topology.ORDERS_STREAM, sequence);
        } catch (Exception e) {
            LOG.warn("cannot act on max-deliveries advisory: {}", e.toString());
        }
    }
}
