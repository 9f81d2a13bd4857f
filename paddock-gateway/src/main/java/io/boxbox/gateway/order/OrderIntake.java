package io.boxbox.gateway.order;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxbox.gateway.problem.OrderNotConfirmedException;
import io.boxbox.pacchetto.jetstream.OrderJournal;
import io.boxbox.pacchetto.jetstream.Topology;
import io.boxbox.pacchetto.order.Order;
import io.boxbox.pacchetto.telemetry.NatsTraceContext;
import io.boxbox.pacchetto.telemetry.Telemetry;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.PublishOptions;
import io.nats.client.impl.Headers;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.nats.client.api.PublishAck;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/**
 * Puts a validated order on the {@code ORDERS} work queue. The order counts as accepted only once
 * JetStream acknowledged it; the order id doubles as Nats-Msg-Id, so a retried publish of the same
 * order is stored once.
 */
@Singleton
public class OrderIntake {

    private static final Logger LOG = LoggerFactory.getLogger(OrderIntake.class);
    static final String ACTOR = "paddock-gateway";
    /** JetStream's API error for "no message found". */
    private static final int NO_MESSAGE_FOUND = 10037;

    private final JetStream jetStream;
    private final JetStreamManagement management;
    private final OrderJournal journal;
    private final ObjectMapper json;

    public OrderIntake(JetStream jetStream, Connection connection, OrderJournal journal, ObjectMapper json)
            throws IOException {
        this.jetStream = jetStream;
        this.management = connection.jetStreamManagement();
        this.journal = journal;
        this.json = json;
    }

    /**
     * Queues the order and records its arrival; returns false when JetStream recognised it as a
     * repeat of an order already queued (same id within the dedupe window), in which case nothing
     * new was created. When it cannot tell, it says whether the order may have been stored
     * ({@link OrderNotConfirmedException}).
     */
    public boolean accept(Order order, boolean keyed) {
        boolean fresh = queue(order, keyed);
        if (fresh) {
            recordArrival(order);
        }
        return fresh;
    }

    /** Only the queueing half of {@link #accept}: the caller records the arrival (alongside other work). */
    public boolean queue(Order order, boolean keyed) {
        byte[] payload;
        try {
            payload = json.writeValueAsBytes(order);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an accepted order must serialise", e);
        }
        PublishOptions options = PublishOptions.builder()
                .expectedStream(Topology.ORDERS_STREAM)
                .messageId(order.orderId())
                .build();
        Span publish = Telemetry.tracer().spanBuilder("publish orders.new")
                .setSpanKind(SpanKind.PRODUCER)
                .setAttribute("messaging.system", "nats")
                .setAttribute("messaging.destination.name", Topology.ORDERS_STREAM)
                .setAttribute(Telemetry.ORDER_ID, order.orderId())
                .startSpan();
        boolean fresh;
        try (Scope ignored = publish.makeCurrent()) {
            // The trace continues in the maestro: the agent does not instrument JetStream, so carry it ourselves.
            Headers headers = NatsTraceContext.inject(Context.current(), new Headers());
            PublishAck ack = jetStream.publish(Topology.orderSubject(order.orderType(), order.orderId()), headers, payload, options);
            fresh = !ack.isDuplicate();
            LOG.info("order {} ({}) {} {} #{}", order.orderId(), order.orderNumber(),
                    fresh ? "queued as" : "was already queued as", ack.getStream(), ack.getSeqno());
        } catch (JetStreamApiException | IllegalStateException e) {
            // The server said no, or the connection is down and nothing was sent (no reconnect buffer).
            publish.setStatus(StatusCode.ERROR, e.toString());
            throw OrderNotConfirmedException.notPlaced(order.orderId(), keyed, e);
        } catch (IOException | RuntimeException e) {
            // Sent, but no acknowledgement in time: JetStream may well have stored it.
            publish.setStatus(StatusCode.ERROR, e.toString());
            throw OrderNotConfirmedException.outcomeUnknown(order.orderId(), keyed, e);
        } finally {
            publish.end();
        }
        return fresh;
    }

    /**
     * Whether the order ever reached the queue, asked when a request that claimed its
     * Idempotency-Key never heard back: it is on ORDERS still, or (the maestro records the order
     * before it takes it off the queue) it has a record. Asked in that order, so a pickup between
     * the two looks is not missed.
     */
    public boolean isQueued(String orderId) throws IOException, JetStreamApiException {
        try {
            management.getLastMessage(Topology.ORDERS_STREAM, Topology.orderSubjectOfAnyType(orderId));
            return true;
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != NO_MESSAGE_FOUND) {
                throw e;
            }
        }
        return journal.find(orderId).isPresent();
    }

    /**
     * The queue already holds the order, so it will be made whatever happens here; the snapshot
     * just lets the customer see it at once. If writing it fails, the maestro creates it on pickup.
     * Recording an arrival already recorded changes nothing.
     */
    void recordArrival(Order order) {
        try {
            journal.open(order, ACTOR, Telemetry.currentTraceId());
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            LOG.warn("order {} is queued but its first snapshot could not be written yet: {}", order.orderId(), e.toString());
        }
    }
}
