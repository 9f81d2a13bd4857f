package io.boxbox.maestro.queue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxbox.pacchetto.jetstream.Topology;
import io.boxbox.pacchetto.order.OrderType;
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
 * Listens for JetStream's max-deliveries advisory on each consumer this maestro pulls from (one
 * per order type it makes; the advisory's subject names the consumer): an order whose last
 * delivery died with its maestro (kill -9) is marked FAILED with the reason instead of vanishing.
 * The advisory is fire-and-forget (nobody hears it while every maestro is down); the
 * {@link Sweeper} finds what it missed.
 */
@Singleton
public class GiveUpWatch implements ApplicationEventListener<ServerStartupEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(GiveUpWatch.class);

    private final Connection nats;
    private final StrandedOrders stranded;
    private final ObjectMapper json;
    private final ServedOrderTypes served;

    public GiveUpWatch(Connection nats, StrandedOrders stranded, ObjectMapper json, ServedOrderTypes served) {
        this.nats = nats;
        this.stranded = stranded;
        this.json = json;
        this.served = served;
    }

    @Override
    public void onApplicationEvent(ServerStartupEvent event) {
        Dispatcher dispatcher = nats.createDispatcher(this::onAdvisory);
        for (OrderType type : served.types()) {
            dispatcher.subscribe(Topology.maxDeliveriesAdvisory(type));
        }
    }

    private void onAdvisory(Message advisory) {
        try {
            JsonNode body = json.readTree(advisory.getData());
            long sequence = body.path("stream_seq").asLong();
            long deliveries = body.path("deliveries").asLong();
            MessageInfo original = nats.jetStreamManagement().getMessage(Topology.ORDERS_STREAM, sequence);
            stranded.end(original, "JetStream delivered it " + deliveries + " times and will not again;"
                    + " no maestro finished it", "give-up watch");
        } catch (Exception e) {
            LOG.warn("cannot act on max-deliveries advisory (the sweeper will): {}", e.toString());
        }
    }
}
