package io.boxbox.driver.ride;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueEntry;

import java.io.IOException;
import java.util.Optional;

/**
 * KV {@code rides}: every ride by order id, shared by all driver-sim instances and surviving their
 * restarts. The pickup is a create, so of two instances picking up the same order only the first
 * records it and the second learns whose ride it is: one driver per order. The delivery overwrites
 * the record (history 1); only the ride's own instance writes it.
 */
public class RideBook {

    /** JetStream's answer to a create on a key that exists (wrong last sequence). */
    private static final int KEY_EXISTS = 10071;

    private final KeyValue rides;
    private final ObjectMapper json;

    public RideBook(KeyValue rides, ObjectMapper json) {
        this.rides = rides;
        this.json = json;
    }

    public Optional<RideRecord> find(String orderId) throws IOException, JetStreamApiException {
        KeyValueEntry entry;
        try {
            entry = rides.get(orderId);
        } catch (IllegalStateException disconnected) {
            throw unreachable(disconnected);
        }
        if (entry == null || entry.getValue() == null) {
            return Optional.empty();
        }
        return Optional.of(json.readValue(entry.getValue(), RideRecord.class));
    }

    /** Records the pickup; returns the ride on record, which is another's when it picked the order up first. */
    public RideRecord pickUp(RideRecord ride) throws IOException, JetStreamApiException {
        try {
            rides.create(ride.orderId(), json.writeValueAsBytes(ride));
            return ride;
        } catch (IllegalStateException disconnected) {
            throw unreachable(disconnected);
        } catch (JetStreamApiException exists) {
            if (exists.getApiErrorCode() != KEY_EXISTS) {
                throw exists;
            }
            Optional<RideRecord> first = find(ride.orderId());
            if (first.isEmpty()) {
                throw exists;
            }
            return first.get();
        }
    }

    public void delivered(RideRecord ride) throws IOException, JetStreamApiException {
        try {
            rides.put(ride.orderId(), json.writeValueAsBytes(ride));
        } catch (IllegalStateException disconnected) {
            throw unreachable(disconnected);
        }
    }

    /**
     * jnats refuses a request with IllegalStateException while it reconnects (the connection
     * buffers nothing then): for the caller that is the broker being unreachable, which it
     * answers with a retryable refusal, not an unexpected error that would fail the order.
     */
    private static IOException unreachable(IllegalStateException disconnected) {
        return new IOException("NATS is unreachable for KV rides: " + disconnected.getMessage(), disconnected);
    }
}
