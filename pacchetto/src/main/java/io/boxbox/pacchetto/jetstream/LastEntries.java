package io.boxbox.pacchetto.jetstream;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The last journal entry this process wrote or read for each order it is working on, so the next
 * change of that order can be appended without reading the entry back from the leader first (see
 * {@link OrderJournal#record}). It is a guess, never the truth: JetStream's expected last subject
 * sequence refuses an append after anything but the real last entry, and then the journal reads
 * it. The least recently used order is forgotten beyond {@code capacity}, and an order is
 * forgotten as soon as it reached an end state (no writer of ours changes it again). Capacity 0
 * remembers nothing: every change reads first, as the gateway wants (it changes an order once
 * after opening it, so a remembered RECEIVED would only cost a refused append).
 */
final class LastEntries {

    private final int capacity;
    private final Map<String, OrderEventLog.Entry> entries;

    LastEntries(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("remembered orders must be >= 0, was " + capacity);
        }
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, OrderEventLog.Entry> eldest) {
                return size() > LastEntries.this.capacity;
            }
        };
    }

    synchronized Optional<OrderEventLog.Entry> last(String orderId) {
        return Optional.ofNullable(entries.get(orderId));
    }

    synchronized void remember(String orderId, OrderEventLog.Entry entry) {
        if (capacity == 0) {
            return;
        }
        if (entry.event().snapshot() == null || entry.event().snapshot().state().isTerminal()) {
            entries.remove(orderId);
            return;
        }
        OrderEventLog.Entry known = entries.get(orderId);
        // Two pizzas of one order write concurrently: keep the later entry, not the last to arrive here.
        if (known == null || known.sequence() < entry.sequence()) {
            entries.put(orderId, entry);
        }
    }
}
