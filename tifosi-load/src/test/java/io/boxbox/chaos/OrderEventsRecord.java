package io.boxbox.chaos;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxbox.pacchetto.jetstream.Topology;
import io.nats.client.Connection;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.api.StreamState;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the whole of stream {@code ORDER_EVENTS} from the broker, straight from JetStream (an
 * ordered consumer from the first message to the last sequence stored when the read began), and
 * groups the events by order. Nothing here goes through the gateway.
 */
final class OrderEventsRecord {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final ObjectMapper json = new ObjectMapper();

    Map<String, List<RecordedEvent>> read(Connection nats) throws Exception {
        StreamState state = nats.jetStreamManagement().getStreamInfo(Topology.EVENTS_STREAM).getStreamState();
        Map<String, List<RecordedEvent>> byOrder = new TreeMap<>();
        if (state.getMsgCount() == 0) {
            return byOrder;
        }
        long last = state.getLastSequence();
        JetStreamSubscription reader = nats.jetStream().subscribe(Topology.EVENTS_SUBJECTS,
                PushSubscribeOptions.builder().stream(Topology.EVENTS_STREAM).ordered(true).build());
        try {
            long seen = 0;
            while (seen < last) {
                Message message = reader.nextMessage(PATIENCE);
                if (message == null) {
                    throw new IllegalStateException("ORDER_EVENTS stopped answering at sequence " + seen + " of " + last);
                }
                seen = message.metaData().streamSequence();
                RecordedEvent event = parse(seen, message);
                byOrder.computeIfAbsent(event.orderId(), id -> new ArrayList<>()).add(event);
            }
        } finally {
            reader.unsubscribe();
        }
        return byOrder;
    }

    private RecordedEvent parse(long sequence, Message message) throws IOException {
        RecordedEvent event = RecordedEvent.parse(sequence, json.readTree(message.getData()));
        if (event.orderId() != null) {
            return event;
        }
        // an event without its order id in the body still belongs to the order of its subject
        String id = message.getSubject().substring(Topology.EVENTS_SUBJECT_PREFIX.length());
        return event.ofOrder(id);
    }
}
