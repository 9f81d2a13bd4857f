package io.boxbox.gateway.stream;

import io.boxbox.pacchetto.order.OrderEvent;

import java.util.function.Function;

/**
 * An order event with its place in {@code ORDER_EVENTS}: the stream sequence is its SSE id.
 * A class rather than a record for one reason: a live event reaches every watcher as this one
 * instance, so the text of its frame is rendered once ({@link #frameData}), not once per watcher.
 */
public final class StoredEvent {

    private final long sequence;
    private final OrderEvent event;
    /** Rendered on first use; racing renders give equal text, so no lock. */
    private volatile String frameData;

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

    /** True for the order's last event: a single order's stream ends with it. */
    public boolean isFinal() {
        return event.state().isTerminal();
    }

    /**
     * The data of its SSE frame as {@code render} makes it, rendered by the first watcher that asks
     * and handed as the same String to every other: a thousand watchers of one event cost one
     * serialization, and Micronaut writes a String's bytes as they are.
     */
    public String frameData(Function<StoredEvent, String> render) {
        String rendered = frameData;
        if (rendered == null) {
            rendered = render.apply(this);
            frameData = rendered;
        }
        return rendered;
    }

    @Override
    public String toString() {
        return "StoredEvent[sequence=" + sequence + ", event=" + event + "]";
    }
}
