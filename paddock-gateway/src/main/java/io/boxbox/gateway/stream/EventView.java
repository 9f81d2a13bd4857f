package io.boxbox.gateway.stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.boxbox.pacchetto.order.OrderSnapshot;
import jakarta.inject.Singleton;

/**
 * An order event as people read it, in the history and in SSE {@code state} frames: the event's
 * own fields (state, at, actor, instance, detail, attempt, revision, pizza) plus {@code seq}, its
 * stream sequence (the SSE id), and the {@code order_number} (from the snapshot; absent for orders
 * from before numbers). The order's full snapshot, which an event may carry for the journal's
 * sake, is left out: it is {@code GET /v1/order/{id}}'s, and repeating it in every frame would
 * multiply each stream's size for fields that did not change.
 */
@Singleton
public class EventView {

    static final String SNAPSHOT = "snapshot";
    static final String ORDER_NUMBER = "order_number";

    private final ObjectMapper json;

    public EventView(ObjectMapper json) {
        this.json = json;
    }

    public ObjectNode of(StoredEvent stored) {
        ObjectNode view = json.valueToTree(stored.event());
        view.remove(SNAPSHOT);
        OrderSnapshot snapshot = stored.event().snapshot();
        if (snapshot != null && snapshot.orderNumber() != null) {
            // The one snapshot field kept: people and screens name the order by it.
            view.put(ORDER_NUMBER, snapshot.orderNumber());
        }
        view.put("seq", stored.sequence());
        return view;
    }
}
