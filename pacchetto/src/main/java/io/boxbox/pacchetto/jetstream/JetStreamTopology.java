package io.boxbox.pacchetto.jetstream;

import io.boxbox.pacchetto.order.OrderType;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * Brings the streams, consumers and buckets Box Box runs on to their configured shape: creates
 * what is missing and updates what differs, so a broker holding an older topology is migrated.
 * Every service calls it at start-up; whichever starts first does the work and the others find
 * it done. A difference JetStream cannot update in place (storage type, retention) fails the
 * start with JetStream's reason rather than running on the wrong shape.
 */
public final class JetStreamTopology {

    private static final Logger LOG = LoggerFactory.getLogger(JetStreamTopology.class);
    /** JetStream's API error for "stream not found" (also what a missing bucket answers). */
    private static final int STREAM_NOT_FOUND = 10059;
    private static final int CONSUMER_NOT_FOUND = 10014;

    /** A retried publish within this window is recognised by its Nats-Msg-Id and stored once. */
    public static final Duration DUPLICATE_WINDOW = Duration.ofMinutes(2);
    /** Heartbeats are forgotten after this; a stale one (see the gateway) already shows the person OFFLINE. */
    public static final Duration STAFF_TTL = Duration.ofMinutes(10);
    /** Stripe keeps keys 24 h, and so does the IETF draft's example. */
    public static final Duration IDEMPOTENCY_TTL = Duration.ofHours(24);
    /** A day's order-number counter must outlive the day (see {@link #orderNumbersBucket()}). */
    static final Duration ORDER_NUMBERS_MIN_AGE = Duration.ofDays(2);

    private final Connection connection;
    private final Duration eventRetention;
    private final Duration ackWait;
    private final int maxDeliveries;
    private final Duration idempotencyTtl;
    private final Duration duplicateWindow;
    private final int replicas;
    private final UntypedOrders untypedOrders;

    public JetStreamTopology(Connection connection, Duration eventRetention) {
        this(connection, eventRetention, Duration.ofSeconds(30), 5);
    }

    public JetStreamTopology(Connection connection, Duration eventRetention, Duration ackWait, int maxDeliveries) {
        this(connection, eventRetention, ackWait, maxDeliveries, IDEMPOTENCY_TTL);
    }

    public JetStreamTopology(Connection connection, Duration eventRetention, Duration ackWait, int maxDeliveries,
                             Duration idempotencyTtl) {
        this(connection, eventRetention, ackWait, maxDeliveries, idempotencyTtl, 1);
    }

    /**
     * With {@code replicas} copies of every stream and bucket (3 on a 3-node cluster: one node may
     * die and nothing acknowledged is lost). Existing ones are brought to it; nats-server 2.9 scales
     * a stream's replicas up or down in place.
     */
    public JetStreamTopology(Connection connection, Duration eventRetention, Duration ackWait, int maxDeliveries,
                             Duration idempotencyTtl, int replicas) {
        this(connection, eventRetention, ackWait, maxDeliveries, idempotencyTtl, DUPLICATE_WINDOW, replicas);
    }

    /** With another duplicate window: tests that need to outlive it. */
    JetStreamTopology(Connection connection, Duration eventRetention, Duration ackWait, int maxDeliveries,
                      Duration idempotencyTtl, Duration duplicateWindow) {
        this(connection, eventRetention, ackWait, maxDeliveries, idempotencyTtl, duplicateWindow, 1);
    }

    private JetStreamTopology(Connection connection, Duration eventRetention, Duration ackWait, int maxDeliveries,
                              Duration idempotencyTtl, Duration duplicateWindow, int replicas) {
        if (replicas < 1 || replicas > 5) {
            throw new IllegalArgumentException("boxbox.nats.replicas must be 1 to 5 (JetStream's limit), not " + replicas);
        }
        this.replicas = replicas;
        this.connection = connection;
        this.eventRetention = eventRetention;
        this.ackWait = ackWait;
        this.maxDeliveries = maxDeliveries;
        this.idempotencyTtl = idempotencyTtl;
        this.duplicateWindow = duplicateWindow;
        this.untypedOrders = new UntypedOrders(connection);
    }

    public void ensure() throws IOException, JetStreamApiException {
        JetStreamManagement jsm = connection.jetStreamManagement();
        for (StreamConfiguration stream : List.of(ordersStream(), eventsStream(), deadLetterStream())) {
            shapeStream(jsm, stream);
        }
        retireAllTypesConsumer(jsm);
        for (OrderType type : OrderType.values()) {
            // JetStream updates a consumer in place when the config differs and ignores an identical one.
            jsm.addOrUpdateConsumer(Topology.ORDERS_STREAM, maestroConsumer(type));
        }
        moveUntypedOrders();

        KeyValueManagement kvm = connection.keyValueManagement();
        shapeBucket(kvm, kitchensBucket());
        for (KeyValueConfiguration bucket : List.of(staffBucket(), idempotencyBucket(), deliveriesBucket(), ridesBucket())) {
            shapeBucket(kvm, bucket);
        }
        shapeBucket(kvm, orderNumbersBucket());
        // The KV bucket `orders` of the journal before one-write changes is left alone: nothing
        // uses it, and deleting data at start-up is not a service's call to make.
        shapeBucket(kvm, pantryBucket());
    }

    /**
     * Moves orders still stored on the pre-issue-11 subject {@code orders.new.<order_id>} to their
     * typed subject (see {@link UntypedOrders}); returns how many. {@link #ensure()} does it, and the
     * maestro's sweeper again every sweep, so an order an older gateway queued during an upgrade is
     * made too. When there are none it costs one request.
     */
    public int moveUntypedOrders() throws IOException, JetStreamApiException {
        return untypedOrders.move();
    }

    /**
     * Deletes the all-types consumer {@code maestro} of before issue 11 (filter {@code orders.new.>}):
     * a work queue refuses a typed consumer while a consumer with an overlapping filter exists.
     * Its messages are not lost: on a work queue they belong to the stream until acked, and the
     * typed consumers deliver them from the start. A maestro of the old version still running
     * finds its consumer gone and cannot make it again (the typed ones overlap it): it takes no
     * more orders, so upgrade every maestro.
     */
    private static void retireAllTypesConsumer(JetStreamManagement jsm) throws IOException, JetStreamApiException {
        try {
            jsm.getConsumerInfo(Topology.ORDERS_STREAM, Topology.RETIRED_MAESTRO_CONSUMER);
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == CONSUMER_NOT_FOUND) {
                return;
            }
            throw e;
        }
        try {
            jsm.deleteConsumer(Topology.ORDERS_STREAM, Topology.RETIRED_MAESTRO_CONSUMER);
            LOG.info("removed the all-types consumer {} of {}: orders are pulled per type now",
                    Topology.RETIRED_MAESTRO_CONSUMER, Topology.ORDERS_STREAM);
        } catch (JetStreamApiException e) {
            // Not found: another service removed it at the same moment, which is just as good.
            if (e.getApiErrorCode() != CONSUMER_NOT_FOUND) {
                throw e;
            }
        }
    }

    StreamConfiguration ordersStream() {
        return StreamConfiguration.builder()
                .name(Topology.ORDERS_STREAM)
                .subjects(Topology.ORDERS_SUBJECTS)
                .retentionPolicy(RetentionPolicy.WorkQueue)
                .storageType(StorageType.File)
                .replicas(replicas)
                .duplicateWindow(duplicateWindow)
                .build();
    }

    /**
     * Every order's journal. No direct get: entries are read from the stream leader, which has
     * seen every acknowledged entry, so fencing and no-op repeats never act on a stale follower.
     */
    StreamConfiguration eventsStream() {
        return StreamConfiguration.builder()
                .name(Topology.EVENTS_STREAM)
                .subjects(Topology.EVENTS_SUBJECTS)
                .retentionPolicy(RetentionPolicy.Limits)
                .storageType(StorageType.File)
                .replicas(replicas)
                .maxAge(eventRetention)
                .duplicateWindow(duplicateWindow)
                .allowDirect(false)
                .build();
    }

    StreamConfiguration deadLetterStream() {
        return StreamConfiguration.builder()
                .name(Topology.DEAD_LETTER_STREAM)
                .subjects(Topology.DEAD_LETTER_SUBJECTS)
                .retentionPolicy(RetentionPolicy.Limits)
                .storageType(StorageType.File)
                .replicas(replicas)
                .maxAge(eventRetention)
                .duplicateWindow(duplicateWindow)
                .build();
    }

    /**
     * The durable pull consumer of one order type, shared by every maestro that takes that type;
     * JetStream spreads its work. Filters of different types never overlap, as a work queue requires.
     */
    ConsumerConfiguration maestroConsumer(OrderType type) {
        return ConsumerConfiguration.builder()
                .durable(Topology.maestroConsumer(type))
                .filterSubject(Topology.orderSubjects(type))
                .ackPolicy(AckPolicy.Explicit)
                .ackWait(ackWait)
                .maxDeliver(maxDeliveries)
                .maxAckPending(10_000)
                .build();
    }

    /** The maestri's kitchen signs: like heartbeats, in memory, forgotten after the staff TTL. */
    KeyValueConfiguration kitchensBucket() {
        return KeyValueConfiguration.builder()
                .name(Topology.KITCHENS_BUCKET)
                .storageType(StorageType.Memory)
                .replicas(replicas)
                .maxHistoryPerKey(1)
                .ttl(STAFF_TTL)
                .build();
    }

    KeyValueConfiguration staffBucket() {
        return KeyValueConfiguration.builder()
                .name(Topology.STAFF_BUCKET)
                .storageType(StorageType.Memory)
                .replicas(replicas)
                .maxHistoryPerKey(1)
                .ttl(STAFF_TTL)
                .build();
    }

    /**
     * The pantry's shelves, one key per ingredient (see pacchetto's {@code Pantry}). File storage
     * and no max age: stock is state, not history, and must outlive a broker restart; one revision
     * per key is enough because every change is a compare-and-set on the latest.
     */
    KeyValueConfiguration pantryBucket() {
        return KeyValueConfiguration.builder()
                .name(Topology.PANTRY_BUCKET)
                .storageType(StorageType.File)
                .replicas(replicas)
                .maxHistoryPerKey(1)
                .build();
    }

    /** Idempotency-Key → first answer; nats-server 2.9 has no per-key TTL, so the bucket's max age is the key's life. */
    KeyValueConfiguration idempotencyBucket() {
        return KeyValueConfiguration.builder()
                .name(Topology.IDEMPOTENCY_BUCKET)
                .storageType(StorageType.File)
                .replicas(replicas)
                .maxHistoryPerKey(1)
                .ttl(idempotencyTtl)
                .build();
    }

    /** Kept as long as the journal, so an order's bookkeeping expires together with its entries. */
    KeyValueConfiguration deliveriesBucket() {
        return KeyValueConfiguration.builder()
                .name(Topology.DELIVERIES_BUCKET)
                .storageType(StorageType.File)
                .replicas(replicas)
                .maxHistoryPerKey(1)
                .ttl(eventRetention)
                .build();
    }

    /** driver-sim's ride records; kept as long as the journal, like the deliveries bookkeeping. */
    KeyValueConfiguration ridesBucket() {
        return KeyValueConfiguration.builder()
                .name(Topology.RIDES_BUCKET)
                .storageType(StorageType.File)
                .replicas(replicas)
                .maxHistoryPerKey(1)
                .ttl(eventRetention)
                .build();
    }

    /**
     * The gateway's order-number counters (one key per day) and the number → order id index. The
     * index lives as long as the journal; never less than two days, so that a quiet spell can
     * never expire today's counter and start the day's numbers again from 1.
     */
    KeyValueConfiguration orderNumbersBucket() {
        Duration keep = eventRetention.compareTo(ORDER_NUMBERS_MIN_AGE) < 0 ? ORDER_NUMBERS_MIN_AGE : eventRetention;
        return KeyValueConfiguration.builder()
                .name(Topology.ORDER_NUMBERS_BUCKET)
                .storageType(StorageType.File)
                .replicas(replicas)
                .maxHistoryPerKey(1)
                .ttl(keep)
                .build();
    }

    private static void shapeStream(JetStreamManagement jsm, StreamConfiguration wanted)
            throws IOException, JetStreamApiException {
        StreamConfiguration existing = existingStream(jsm, wanted.getName());
        if (existing == null) {
            try {
                jsm.addStream(wanted);
                LOG.info("created stream {}", wanted.getName());
                return;
            } catch (JetStreamApiException raced) {
                // Another service created it between the look and the add; compare with theirs.
                existing = existingStream(jsm, wanted.getName());
                if (existing == null) {
                    throw raced;
                }
            }
        }
        List<String> differences = differences(existing, wanted);
        if (!differences.isEmpty()) {
            LOG.info("migrating stream {}: {}", wanted.getName(), String.join(", ", differences));
            jsm.updateStream(wanted);
        }
    }

    private static void shapeBucket(KeyValueManagement kvm, KeyValueConfiguration wanted)
            throws IOException, JetStreamApiException {
        KeyValueConfiguration existing = existingBucket(kvm, wanted.getBucketName());
        if (existing == null) {
            try {
                kvm.create(wanted);
                LOG.info("created KV bucket {}", wanted.getBucketName());
                return;
            } catch (JetStreamApiException raced) {
                existing = existingBucket(kvm, wanted.getBucketName());
                if (existing == null) {
                    throw raced;
                }
            }
        }
        List<String> differences = differences(existing, wanted);
        if (!differences.isEmpty()) {
            LOG.info("migrating KV bucket {}: {}", wanted.getBucketName(), String.join(", ", differences));
            kvm.update(wanted);
        }
    }

    /** What the stream on the server has that this topology does not want, as "field: theirs → ours". */
    static List<String> differences(StreamConfiguration existing, StreamConfiguration wanted) {
        List<String> differences = new ArrayList<>();
        differ(differences, "subjects", new HashSet<>(existing.getSubjects()), new HashSet<>(wanted.getSubjects()));
        differ(differences, "retention", existing.getRetentionPolicy(), wanted.getRetentionPolicy());
        differ(differences, "storage", existing.getStorageType(), wanted.getStorageType());
        differ(differences, "max age", existing.getMaxAge(), wanted.getMaxAge());
        differ(differences, "duplicate window", existing.getDuplicateWindow(), wanted.getDuplicateWindow());
        differ(differences, "allow direct", existing.getAllowDirect(), wanted.getAllowDirect());
        differ(differences, "replicas", existing.getReplicas(), wanted.getReplicas());
        return differences;
    }

    static List<String> differences(KeyValueConfiguration existing, KeyValueConfiguration wanted) {
        List<String> differences = new ArrayList<>();
        differ(differences, "storage", existing.getStorageType(), wanted.getStorageType());
        differ(differences, "history", existing.getMaxHistoryPerKey(), wanted.getMaxHistoryPerKey());
        differ(differences, "max age", existing.getTtl(), wanted.getTtl());
        differ(differences, "replicas", existing.getReplicas(), wanted.getReplicas());
        return differences;
    }

    private static void differ(List<String> differences, String field, Object theirs, Object ours) {
        if (!Objects.equals(theirs, ours)) {
            differences.add(field + ": " + theirs + " → " + ours);
        }
    }

    private static StreamConfiguration existingStream(JetStreamManagement jsm, String name)
            throws IOException, JetStreamApiException {
        try {
            return jsm.getStreamInfo(name).getConfiguration();
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == STREAM_NOT_FOUND) {
                return null;
            }
            throw e;
        }
    }

    private static KeyValueConfiguration existingBucket(KeyValueManagement kvm, String bucket)
            throws IOException, JetStreamApiException {
        try {
            return kvm.getStatus(bucket).getConfiguration();
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == STREAM_NOT_FOUND) {
                return null;
            }
            throw e;
        }
    }
}
