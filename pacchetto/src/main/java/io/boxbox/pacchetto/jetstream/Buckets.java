package io.boxbox.pacchetto.jetstream;

import io.boxbox.pacchetto.sim.SimClock;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;

/**
 * Opens a KV bucket of the topology. A service that shapes the topology has created it already; one
 * that does not (the kitchens under NATS users may not create streams) waits until the maestro or
 * the gateway has, checking every {@link #RECHECK} and saying so in the log, so the services may
 * start in any order.
 */
public final class Buckets {

    private static final Logger LOG = LoggerFactory.getLogger(Buckets.class);
    /** JetStream's API error for "stream not found", which a missing bucket answers. */
    private static final int STREAM_NOT_FOUND = 10059;
    static final Duration RECHECK = Duration.ofMillis(500);
    private static final int SAY_IT_EVERY = 20;

    private final Connection connection;
    private final boolean shaped;
    private final SimClock clock;

    public Buckets(Connection connection, boolean shaped, SimClock clock) {
        this.connection = connection;
        this.shaped = shaped;
        this.clock = clock;
    }

    public KeyValue open(String bucket) throws IOException {
        if (!shaped) {
            awaitCreated(bucket);
        }
        return connection.keyValue(bucket);
    }

    private void awaitCreated(String bucket) throws IOException {
        for (int attempt = 0; !exists(bucket); attempt++) {
            if (attempt % SAY_IT_EVERY == 0) {
                LOG.info("waiting for KV bucket {}: this service does not shape the topology "
                        + "(boxbox.nats.shape-topology=false); the maestro or the gateway creates it", bucket);
            }
            try {
                clock.waitWallClock(RECHECK);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for KV bucket " + bucket, e);
            }
        }
    }

    private boolean exists(String bucket) throws IOException {
        try {
            connection.keyValueManagement().getStatus(bucket);
            return true;
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == STREAM_NOT_FOUND) {
                return false;
            }
            throw new IOException("cannot look up KV bucket " + bucket + ": " + e.getMessage(), e);
        }
    }
}
