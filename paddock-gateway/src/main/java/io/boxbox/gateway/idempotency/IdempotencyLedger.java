package io.boxbox.gateway.idempotency;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxbox.gateway.jetstream.PendingWrite;
import io.boxbox.pacchetto.jetstream.JetStreamTopology;
import io.boxbox.pacchetto.jetstream.NatsSettings;
import io.boxbox.pacchetto.jetstream.Topology;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueEntry;
import io.micronaut.context.annotation.Context;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * Idempotency-Keys, kept durably in the JetStream KV bucket {@code idempotency}: they hold across
 * gateway restarts and replicas, for the bucket's max age (24 h), far beyond the ORDERS dedupe
 * window. A key is claimed with {@code create} (compare-and-set on "no such key"), so of two
 * requests racing with one key exactly one makes the order.
 */
@Context // bound to its bucket at start-up, like the other buckets, not on the first order
public class IdempotencyLedger {

    /** JetStream's API error for "wrong last sequence": the key already exists. */
    private static final int WRONG_LAST_SEQUENCE = 10071;
    private static final int MAX_ATTEMPTS = 10;

    private final KeyValue keys;
    /** For the confirmation sent without waiting ({@link #sendConfirmation}). */
    private final JetStream jetStream;
    private final Duration requestTimeout;
    private final ObjectMapper json;

    /** The topology is asked for so that the bucket exists before it is used. */
    public IdempotencyLedger(Connection connection, JetStream jetStream, JetStreamTopology topology, NatsSettings settings,
                             ObjectMapper json) throws IOException {
        this.keys = connection.keyValue(Topology.IDEMPOTENCY_BUCKET);
        this.requestTimeout = settings.requestTimeout();
        // the process's one JetStream context (NatsConnectionFactory), already on the request timeout
        this.jetStream = jetStream;
        this.json = json;
    }

    /** A confirmation sent and not yet acknowledged: see {@link #sendConfirmation}. */
    public static final class Confirmation {
        private final PendingWrite write;

        private Confirmation(PendingWrite write) {
            this.write = write;
        }

        /** Waits for it; a record someone else changed meanwhile is confirmed already, which is fine. */
        public void await() throws IOException, JetStreamApiException {
            try {
                write.await();
            } catch (JetStreamApiException e) {
                if (e.getApiErrorCode() != WRONG_LAST_SEQUENCE) {
                    throw e;
                }
            }
        }
    }

    /**
     * Stores {@code proposed} under {@code key} unless the key is already taken; either way returns
     * what the key stands for now.
     */
    public Claim claim(String key, IdempotencyRecord proposed) throws IOException, JetStreamApiException {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            try {
                long revision = keys.create(key, json.writeValueAsBytes(proposed));
                return new Claim(proposed, revision, true);
            } catch (JetStreamApiException e) {
                if (e.getApiErrorCode() != WRONG_LAST_SEQUENCE) {
                    throw e;
                }
            }
            KeyValueEntry existing = keys.get(key);
            if (existing != null && existing.getValue() != null) {
                return new Claim(json.readValue(existing.getValue(), IdempotencyRecord.class), existing.getRevision(), false);
            }
            // Expired between the create and the get: claim it again.
        }
        throw new IOException("idempotency key " + key + " kept changing while being claimed");
    }

    /** An earlier claim of {@code key}, if any: a repeat is recognised before a number is drawn for it. */
    public Optional<Claim> find(String key) throws IOException, JetStreamApiException {
        KeyValueEntry existing = keys.get(key);
        return existing == null || existing.getValue() == null ? Optional.empty()
                : Optional.of(new Claim(json.readValue(existing.getValue(), IdempotencyRecord.class),
                        existing.getRevision(), false));
    }

    /**
     * Marks the record as confirmed on the queue, unless someone else changed it meanwhile (then it
     * already is), sent without waiting (a compare-and-set on the claim's revision, as
     * {@code KeyValue.update} sends it): the caller may write the order's first journal entry while it
     * travels, then {@link Confirmation#await}s it. Throws at once when the connection is down (nothing sent).
     */
    public Confirmation sendConfirmation(String key, Claim claim) throws IOException {
        return new Confirmation(PendingWrite.update(jetStream, Topology.IDEMPOTENCY_BUCKET, key,
                json.writeValueAsBytes(claim.record().confirmed()), claim.revision(), requestTimeout));
    }
}
