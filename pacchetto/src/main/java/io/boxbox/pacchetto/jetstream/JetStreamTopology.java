package io.boxbox.pacchetto.jetstream;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.KeyValueManagement;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;

import java.io.IOException;
import java.time.Duration;

/**
 * Creates the streams, consumer and buckets Box Box runs on when they are missing. Every service
 * calls it at start-up, so whichever starts first sets the broker up and the others find it ready.
 */
public final class JetStreamTopology {

    /** A retried publish within this window is recognised by its Nats-Msg-Id and stored once. */
    public static final Duration DUPLICATE_WINDOW = Duration.ofMinutes(2);
    /** Heartbeats are forgotten after this; a stale one (see the gateway) already shows the person OFFLINE. */
    public static final Duration STAFF_TTL = Duration.ofMinutes(10);

    private final Connection connection;
    private final Duration eventRetention;
    private final Duration ackWait;
    private final int maxDeliveries;

    public JetStreamTopology(Connection connection, Duration eventRetention) {
        this(connection, eventRetention, Duration.ofSeconds(30), 5);
    }

    public JetStreamTopology(Connection connection, Duration eventRetention, Duration ackWait, int maxDeliveries) {
        this.connection = connection;
        this.eventRetention = eventRetention;
        this.ackWait = ackWait;
        this.maxDeliveries = maxDeliveries;
    }

    public void ensure() throws IOException, JetStreamApiException {
        JetStreamManagement jsm = connection.jetStreamManagement();
        createStreamIfMissing(jsm, StreamConfiguration.builder()
                .name(Topology.ORDERS_STREAM)
                .subjects(Topology.ORDERS_SUBJECTS)
                .retentionPolicy(RetentionPolicy.WorkQueue)
                .storageType(StorageType.File)
                .duplicateWindow(DUPLICATE_WINDOW)
                .build());
        createStreamIfMissing(jsm, StreamConfiguration.builder()
                .name(Topology.EVENTS_STREAM)
                .subjects(Topology.EVENTS_SUBJECTS)
                .retentionPolicy(RetentionPolicy.Limits)
                .storageType(StorageType.File)
                .maxAge(eventRetention)
                .duplicateWindow(DUPLICATE_WINDOW)
                .build());
        createStreamIfMissing(jsm, StreamConfiguration.builder()
                .name(Topology.DEAD_LETTER_STREAM)
                .subjects(Topology.DEAD_LETTER_SUBJECTS)
                .retentionPolicy(RetentionPolicy.Limits)
                .storageType(StorageType.File)
                .maxAge(eventRetention)
                .build());
        jsm.addOrUpdateConsumer(Topology.ORDERS_STREAM, maestroConsumer());

        KeyValueManagement kvm = connection.keyValueManagement();
        createBucketIfMissing(kvm, KeyValueConfiguration.builder()
                .name(Topology.ORDERS_BUCKET)
                .storageType(StorageType.File)
                .maxHistoryPerKey(1)
                .build());
        createBucketIfMissing(kvm, KeyValueConfiguration.builder()
                .name(Topology.STAFF_BUCKET)
                .storageType(StorageType.Memory)
                .ttl(STAFF_TTL)
                .build());
    }

    /** The one durable pull consumer every maestro replica shares; JetStream spreads its work. */
    ConsumerConfiguration maestroConsumer() {
        return ConsumerConfiguration.builder()
                .durable(Topology.MAESTRO_CONSUMER)
                .filterSubject(Topology.ORDERS_SUBJECTS)
                .ackPolicy(AckPolicy.Explicit)
                .ackWait(ackWait)
                .maxDeliver(maxDeliveries)
                .maxAckPending(10_000)
                .build();
    }

    private static void createStreamIfMissing(JetStreamManagement jsm, StreamConfiguration config)
            throws IOException, JetStreamApiException {
        if (!jsm.getStreamNames().contains(config.getName())) {
            try {
                jsm.addStream(config);
            } catch (JetStreamApiException raced) {
                // Another service created it between the look and the add; that is the outcome we wanted.
                if (!jsm.getStreamNames().contains(config.getName())) {
                    throw raced;
                }
            }
        }
    }

    private static void createBucketIfMissing(KeyValueManagement kvm, KeyValueConfiguration config)
            throws IOException, JetStreamApiException {
        if (!kvm.getBucketNames().contains(config.getBucketName())) {
            try {
                kvm.create(config);
            } catch (JetStreamApiException raced) {
                if (!kvm.getBucketNames().contains(config.getBucketName())) {
                    throw raced;
                }
            }
        }
    }
}
