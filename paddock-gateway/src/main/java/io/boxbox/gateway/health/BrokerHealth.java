package io.boxbox.gateway.health;

import io.boxbox.pacchetto.jetstream.OrderJournal;
import io.micronaut.context.annotation.Context;
import io.nats.client.Connection;

/**
 * Whether the gateway can take orders right now. Created at start-up (and with it the journal,
 * whose creation sets up the streams and buckets), so the first order does not pay for it.
 */
@Context
public class BrokerHealth {

    private final Connection nats;

    public BrokerHealth(Connection nats, OrderJournal journal) {
        this.nats = nats;
    }

    public Connection.Status natsStatus() {
        return nats.getStatus();
    }

    public boolean canTakeOrders() {
        return nats.getStatus() == Connection.Status.CONNECTED;
    }
}
