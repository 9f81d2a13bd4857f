package io.boxbox.gateway.stream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.boxbox.pacchetto.order.OrderEvent;

import java.util.function.Function;

/**
 * An order event with its place in {@code ORDER_EVENTS}: the stream sequence is its SSE id.
 * A class rather than a record for one reason: a live event reaches every watcher as this one
 * instance, so its frame view is rendered once ({@link #view}), not once per watcher.
 */
public final class StoredEvent {

    private final long sequence;
    private final OrderEvent event;
    /** Rendered on first use; racing renders give equal views, so no lock. Never mutated once set. */
    private volatile ObjectNode view;

    public StoredEvent(long sequence, OrderEvent event) {
        this.sequence = sequence;
        this.event = event;
    }

    public long sequence() {
        return sequence;
    }

    public OrderEvent event() {
        return event;
    }

    /** Its view as {@code render} makes it, made once and shared: callers must not change it. */
    public ObjectNode view(Function<StoredEvent, ObjectNode> render) {
        ObjectNode rendered = view;
        if (rendered == null) {
            rendered = render.apply(this);
            view = rendered;
        }
        return rendered;
    }

    @Override
    public String toString() {
        return "StoredEvent[sequence=" + sequence + ", event=" + event + "]";
    }
}
