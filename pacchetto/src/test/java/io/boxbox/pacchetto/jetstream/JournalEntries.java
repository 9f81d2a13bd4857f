package io.boxbox.pacchetto.jetstream;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxbox.pacchetto.order.OrderEvent;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Reads an order's whole journal, every entry in order, as the tests' witness of what was written. */
final class JournalEntries {

    private JournalEntries() {
    }

    static List<OrderEvent> of(Connection connection, ObjectMapper json, String orderId) throws Exception {
        return onSubjects(connection.jetStream(), json, Topology.eventSubject(orderId));
    }

    /** Every entry on {@code subjects} (one order's, or {@link Topology#EVENTS_SUBJECTS} for all), in order. */
    static List<OrderEvent> onSubjects(JetStream jetStream, ObjectMapper json, String subjects) throws Exception {
        JetStreamSubscription entries = jetStream.subscribe(subjects, PullSubscribeOptions.builder().build());
        List<OrderEvent> events = new ArrayList<>();
        try {
            List<Message> batch;
            do {
                batch = entries.fetch(1_000, Duration.ofMillis(500));
                for (Message message : batch) {
                    events.add(json.readValue(message.getData(), OrderEvent.class));
                    message.ack();
                }
            } while (!batch.isEmpty());
        } finally {
            entries.unsubscribe();
        }
        return events;
    }
}
