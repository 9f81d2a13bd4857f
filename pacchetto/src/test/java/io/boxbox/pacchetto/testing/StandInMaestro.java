package io.boxbox.pacchetto.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxbox.pacchetto.jetstream.Topology;
import io.boxbox.pacchetto.order.OrderEvent;
import io.boxbox.pacchetto.order.OrderSnapshot;
import io.boxbox.pacchetto.order.OrderState;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.PublishOptions;
import io.nats.client.api.MessageInfo;

import java.io.IOException;
import java.time.Instant;

/**
 * Plays the maestro in tests that have no kitchen: appends an entry to an order's journal the way
 * the journal would (next revision, the snapshot after the change, the expected last subject
 * sequence), but without asking the lifecycle, so a test can put an order straight out for delivery.
 */
public final class StandInMaestro {

    private final Connection connection;
    private final ObjectMapper json;

    public StandInMaestro(Connection connection, ObjectMapper json) {
        this.connection = connection;
        this.json = json;
    }

    public OrderEvent record(String orderId, OrderState state, String actor, String detail)
            throws IOException, JetStreamApiException {
        String subject = Topology.eventSubject(orderId);
        MessageInfo last = connection.jetStreamManagement().getLastMessage(Topology.EVENTS_STREAM, subject);
        OrderSnapshot before = json.readValue(last.getData(), OrderEvent.class).snapshot();
        OrderSnapshot after = before.withState(state, Instant.now()).withRevision(before.revision() + 1);
        OrderEvent event = OrderEvent.of(after, actor, "stand-in", detail);
        connection.jetStream().publish(subject, json.writeValueAsBytes(event), PublishOptions.builder()
                .expectedLastSubjectSequence(last.getSeq())
                .messageId(orderId + ":" + after.revision())
                .build());
        return event;
    }
}
