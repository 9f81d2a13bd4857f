package io.boxbox.gateway.stream;

import io.boxbox.pacchetto.order.OrderEvent;

/** An order event with its place in {@code ORDER_EVENTS}: the stream sequence is its SSE id. */
public record StoredEvent(long sequence, OrderEvent event) {
}
