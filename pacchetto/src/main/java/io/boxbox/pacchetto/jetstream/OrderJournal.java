package io.boxbox.pacchetto.jetstream;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxbox.pacchetto.identity.ServiceIdentity;
import io.boxbox.pacchetto.order.IllegalTransitionException;
import io.boxbox.pacchetto.order.Order;
import io.boxbox.pacchetto.order.OrderEvent;
import io.boxbox.pacchetto.order.OrderSnapshot;
import io.boxbox.pacchetto.order.Transition;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.PublishOptions;
import io.nats.client.api.KeyValueEntry;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The only writer of order state. Each change is checked against the lifecycle, written to the
 * snapshot with compare-and-set on the KV revision (a lost race re-reads and re-applies, never
 * overwrites), then published as an event whose Nats-Msg-Id is derived from that revision, so a
 * retried publish of the same change is stored once.
 */
@Singleton
public class OrderJournal {

    /** JetStream's API error for "wrong last sequence": somebody else wrote the key first. */
    private static final int WRONG_LAST_SEQUENCE = 10071;
    private static final int MAX_CAS_ATTEMPTS = 100;

    private final KeyValue orders;
    private final JetStream jetStream;
    private final ObjectMapper json;
    private final ServiceIdentity identity;
    private final Clock clock;

    public OrderJournal(@OrdersBucket KeyValue orders, JetStream jetStream, ObjectMapper json,
                        ServiceIdentity identity) {
        this(orders, jetStream, json, identity, Clock.systemUTC());
    }

    OrderJournal(KeyValue orders, JetStream jetStream, ObjectMapper json, ServiceIdentity identity, Clock clock) {
        this.orders = orders;
        this.jetStream = jetStream;
        this.json = json;
        this.identity = identity;
        this.clock = clock;
    }

    public Optional<OrderSnapshot> find(String orderId) throws IOException, JetStreamApiException {
        KeyValueEntry entry = orders.get(orderId);
        if (entry == null || entry.getValue() == null) {
            return Optional.empty();
        }
        return Optional.of(json.readValue(entry.getValue(), OrderSnapshot.class));
    }

    /**
     * Records the arrival of an accepted order unless somebody already did. Returns true when this
     * call created the snapshot (and published RECEIVED), false when it already existed.
     */
    public boolean open(Order order, String actor, String traceId) throws IOException, JetStreamApiException {
        OrderSnapshot first = OrderSnapshot.received(order, traceId);
        long revision;
        try {
            revision = orders.create(order.orderId(), json.writeValueAsBytes(first));
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == WRONG_LAST_SEQUENCE) {
                return false;
            }
            throw e;
        }
        publishEvent(first, actor, "order accepted", revision);
        return true;
    }

    /** Applies a transition with optimistic concurrency and records it as an event. */
    public OrderSnapshot record(String orderId, Transition transition) throws IOException, JetStreamApiException {
        for (int attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
            KeyValueEntry entry = orders.get(orderId);
            if (entry == null || entry.getValue() == null) {
                throw new IllegalStateException("order " + orderId + " has no snapshot to move to " + transition.to());
            }
            OrderSnapshot current = json.readValue(entry.getValue(), OrderSnapshot.class);
            if (!current.canMoveTo(transition.to())) {
                throw new IllegalTransitionException(orderId, current.state(), transition.to());
            }
            OrderSnapshot next = transition.amend().apply(current.withState(transition.to(), clock.instant()));
            long revision;
            try {
                revision = orders.update(orderId, json.writeValueAsBytes(next), entry.getRevision());
            } catch (JetStreamApiException e) {
                if (e.getApiErrorCode() == WRONG_LAST_SEQUENCE) {
                    continue;
                }
                throw e;
            }
            publishEvent(next, transition.actor(), transition.detail(), revision);
            return next;
        }
        throw new IllegalStateException("order " + orderId + ": gave up after " + MAX_CAS_ATTEMPTS + " write conflicts");
    }

    /**
     * Makes sure the event of the snapshot's latest change is stored: a writer that died between
     * the snapshot write and the event publish left the snapshot ahead of the history. Publishing
     * again under the same Nats-Msg-Id is dropped by JetStream when the original did arrive.
     */
    public void ensureLatestEvent(String orderId, String actor) throws IOException, JetStreamApiException {
        KeyValueEntry entry = orders.get(orderId);
        if (entry == null || entry.getValue() == null) {
            return;
        }
        OrderSnapshot latest = json.readValue(entry.getValue(), OrderSnapshot.class);
        publishEvent(latest, actor, "recorded again: the change was saved but its event may have been lost", entry.getRevision());
    }

    /**
     * Updates snapshot fields that are not a state change (the driver's last position and ETA):
     * compare-and-set like every write, but no event, since nothing happened to the order itself.
     */
    public void annotate(String orderId, UnaryOperator<OrderSnapshot> change)
            throws IOException, JetStreamApiException {
        for (int attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
            KeyValueEntry entry = orders.get(orderId);
            if (entry == null || entry.getValue() == null) {
                return;
            }
            OrderSnapshot current = json.readValue(entry.getValue(), OrderSnapshot.class);
            if (current.state().isTerminal()) {
                return;
            }
            try {
                orders.update(orderId, json.writeValueAsBytes(change.apply(current)), entry.getRevision());
                return;
            } catch (JetStreamApiException e) {
                if (e.getApiErrorCode() != WRONG_LAST_SEQUENCE) {
                    throw e;
                }
            }
        }
    }

    /**
     * The driver's latest position and ETA for an order out for delivery: bookkeeping shown on the
     * snapshot, never a history entry. Best effort: a failure here must not abort a delivery.
     */
    public void trackDelivery(String orderId, String driver, io.boxbox.pacchetto.order.GeoPoint position, long etaSeconds)
            throws IOException, JetStreamApiException {
        annotate(orderId, s -> s.withDelivery(driver, position, etaSeconds));
    }

    private void publishEvent(OrderSnapshot snapshot, String actor, String detail, long revision)
            throws IOException, JetStreamApiException {
        OrderEvent event = new OrderEvent(snapshot.orderId(), snapshot.state(), snapshot.updatedAt(), actor,
                identity.instance(), detail, snapshot.attempt());
        PublishOptions options = PublishOptions.builder()
                .expectedStream(Topology.EVENTS_STREAM)
                .messageId(snapshot.orderId() + ":" + revision)
                .build();
        jetStream.publish(Topology.eventSubject(snapshot.orderId()), json.writeValueAsBytes(event), options);
    }
}
