package io.boxbox.pacchetto.jetstream;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueEntry;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.util.Optional;

/**
 * KV {@code deliveries}: one {@link DeliveryNote} per order, the latest overwriting the one
 * before (history 1). Plain puts, no compare-and-set: only the order's delivery desk writes it,
 * and a lost fix is replaced by the next one within a second.
 */
@Singleton
public class DeliveryNotes {

    private final KeyValue deliveries;
    private final ObjectMapper json;

    public DeliveryNotes(@DeliveriesBucket KeyValue deliveries, ObjectMapper json) {
        this.deliveries = deliveries;
        this.json = json;
    }

    public void write(String orderId, DeliveryNote note) throws IOException, JetStreamApiException {
        deliveries.put(orderId, json.writeValueAsBytes(note));
    }

    public Optional<DeliveryNote> read(String orderId) throws IOException, JetStreamApiException {
        KeyValueEntry entry = deliveries.get(orderId);
        if (entry == null || entry.getValue() == null) {
            return Optional.empty();
        }
        return Optional.of(json.readValue(entry.getValue(), DeliveryNote.class));
    }
}
