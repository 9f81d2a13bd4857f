package io.boxbox.pacchetto.jetstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxbox.pacchetto.order.OrderType;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.PublishOptions;
import io.nats.client.api.MessageInfo;
import io.nats.client.impl.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Optional;

/**
 * Orders stored on {@code ORDERS} before issue 11, on {@code orders.new.<order_id>}. No typed
 * consumer's filter matches that shape, so left alone they would never be made: each one is
 * published again on its typed subject ({@code orders.new.<order_type>.<order_id>}, the type read
 * from the order itself, its headers kept: trace context) and the old message deleted. One that
 * names no known type goes to {@code DEAD_LETTERS} instead, as the maestro sets aside any order
 * it cannot read.
 *
 * <p>The copy's {@code Nats-Msg-Id} is {@code <order_id>:typed}, not the order id: the original
 * may still be in the duplicate window, which would swallow a copy under its id. Two services
 * moving at once store one copy (the window sees the second); a mover that dies between the copy
 * and the delete leaves the original, moved again next time — after the window that is a second
 * copy, which the maestro finds already made or in hand (the journal fences a second attempt).
 */
final class UntypedOrders {

    private static final Logger LOG = LoggerFactory.getLogger(UntypedOrders.class);
    private static final int NO_MESSAGE = 10037;
    static final String COPY_ID_SUFFIX = ":typed";

    private final Connection connection;
    private final ObjectMapper json = new ObjectMapper();

    UntypedOrders(Connection connection) {
        this.connection = connection;
    }

    /** Moves every untyped order there is; returns how many it moved or set aside. One request when there are none. */
    int move() throws IOException, JetStreamApiException {
        JetStreamManagement jsm = connection.jetStreamManagement();
        int moved = 0;
        long sequence = 1;
        while (true) {
            MessageInfo old;
            try {
                old = jsm.getNextMessage(Topology.ORDERS_STREAM, sequence, Topology.UNTYPED_ORDER_SUBJECTS);
            } catch (JetStreamApiException e) {
                if (e.getApiErrorCode() == NO_MESSAGE) {
                    return moved;
                }
                throw e;
            }
            if (old == null) {
                return moved;
            }
            moveOne(jsm, old);
            moved++;
            sequence = old.getSeq() + 1;
        }
    }

    private void moveOne(JetStreamManagement jsm, MessageInfo old) throws IOException, JetStreamApiException {
        String orderId = Topology.orderIdOf(old.getSubject());
        Optional<OrderType> type = typeOf(old);
        if (type.isPresent()) {
            String typed = Topology.orderSubject(type.get(), orderId);
            connection.jetStream().publish(typed, carried(old.getHeaders()), old.getData(), PublishOptions.builder()
                    .expectedStream(Topology.ORDERS_STREAM).messageId(orderId + COPY_ID_SUFFIX).build());
            LOG.info("moved order {} from {} to {}", orderId, old.getSubject(), typed);
        } else {
            Headers headers = carried(old.getHeaders())
                    .put("Boxbox-Original-Subject", old.getSubject())
                    .put("Boxbox-Reason", "untyped order with no known order_type; not moved to a typed subject");
            connection.jetStream().publish(Topology.DEAD_LETTER_SUBJECT_PREFIX + old.getSeq(), headers,
                    old.getData() == null ? new byte[0] : old.getData());
            LOG.error("dead letter: {} set aside as {}{}: no known order_type", old.getSubject(),
                    Topology.DEAD_LETTER_SUBJECT_PREFIX, old.getSeq());
        }
        try {
            jsm.deleteMessage(Topology.ORDERS_STREAM, old.getSeq(), false);
        } catch (JetStreamApiException e) {
            // Another service moved it at the same time and deleted it first.
            LOG.debug("untyped order {} already gone: {}", old.getSeq(), e.getMessage());
        }
    }

    private Optional<OrderType> typeOf(MessageInfo old) {
        try {
            JsonNode order = json.readTree(old.getData());
            return order == null ? Optional.empty() : OrderType.fromWireName(order.path("order_type").asText(""));
        } catch (IOException | RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    /** The stored headers but JetStream's own (Nats-*), which belong to the original publish. */
    private static Headers carried(Headers stored) {
        Headers headers = new Headers();
        if (stored != null) {
            for (String key : stored.keySet()) {
                if (!key.regionMatches(true, 0, "Nats-", 0, 5)) {
                    headers.put(key, stored.get(key));
                }
            }
        }
        return headers;
    }
}
