package io.boxbox.gateway.stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Singleton;

/**
 * An order event as people read it, in the history and in SSE {@code state} frames: the event's
 * own fields (state, at, actor, instance, detail, attempt, revision) plus {@code seq}, its stream
 * sequence (the SSE id). The order's full snapshot, which an event may carry for the journal's
 * sake, is left out: it is {@code GET /v1/order/{id}}'s, and repeating it in every frame would
 * multiply each stream's size for fields that did not change.
 */
@Singleton
public class EventView {

    static final String SNAPSHOT = "snapshot";

    private final ObjectMapper json;

    public EventView(ObjectMapper json) {
        this.json = json;
    }

    public ObjectNode of(StoredEvent stored) {
        ObjectNode view = json.valueToTree(stored.event());
        view.remove(SNAPSHOT);
        view.put("seq", stored.sequence());
        return view;
    }
}
