package io.boxbox.bench;

import io.boxbox.load.TifosiOrders;
import io.boxbox.pacchetto.order.OrderType;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Orders as the gateway puts them on the {@code ORDERS} queue, for publishing straight to
 * JetStream: a pool of realistic serialised orders whose order id is replaced by a fresh UUID on
 * every use. Serialising costs the raw publisher nothing, so its figure is the broker path alone;
 * the fresh id keeps JetStream's de-duplication from dropping repeats.
 */
final class QueuedOrders {

    private static final String PLACEHOLDER = "00000000-0000-0000-0000-000000000000";
    private static final byte[] PLACEHOLDER_BYTES = PLACEHOLDER.getBytes(StandardCharsets.US_ASCII);

    private final List<byte[]> templates = new ArrayList<>();
    private final List<Integer> idOffsets = new ArrayList<>();
    private final List<OrderType> types = new ArrayList<>();
    private final AtomicInteger next = new AtomicInteger();

    QueuedOrders(TifosiOrders orders, int size) {
        for (int i = 0; i < size; i++) {
            TifosiOrders.TifosoOrder order = orders.next();
            byte[] json = orders.queuedJson(order, PLACEHOLDER, Instant.now());
            templates.add(json);
            types.add(OrderType.fromWireName(order.orderType()).orElseThrow());
            idOffsets.add(indexOf(json, PLACEHOLDER_BYTES));
        }
    }

    /** A message for the queue, the order id it carries and its type (which picks the subject). */
    Message next() {
        int i = Math.floorMod(next.getAndIncrement(), templates.size());
        String orderId = UUID.randomUUID().toString();
        byte[] payload = templates.get(i).clone();
        System.arraycopy(orderId.getBytes(StandardCharsets.US_ASCII), 0, payload, idOffsets.get(i), PLACEHOLDER_BYTES.length);
        return new Message(orderId, types.get(i), payload);
    }

    double averageBytes() {
        return templates.stream().mapToInt(t -> t.length).average().orElse(0);
    }

    record Message(String orderId, OrderType type, byte[] payload) {
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new IllegalStateException("the serialised order does not carry its id");
    }
}
