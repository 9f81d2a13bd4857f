package io.boxbox.gateway.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.boxbox.pacchetto.order.OrderSnapshot;
import io.boxbox.pacchetto.order.OrderState;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.inject.Singleton;

import java.time.Instant;

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

    /**
     * The shape of a view, for the OpenAPI document only: views are built from the event itself
     * (so a field the journal gains shows up without a change here), not from this record.
     */
    @Schema(name = "OrderEventView", description = "One event of an order: a history entry, and the data of an SSE"
            + " state frame")
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Shape(String orderId,
                        @Schema(description = "BB-YYYYMMDD-NNNN; absent for orders from before numbers")
                        @Nullable String orderNumber,
                        OrderState state, Instant at, String actor, String instance, @Nullable String detail, int attempt,
                        long revision,
                        @Schema(description = "the pizza (1-based) a change of one pizza was about; absent for the whole order")
                        @Nullable Integer pizza,
                        @Schema(description = "its ORDER_EVENTS stream sequence: the SSE id, for Last-Event-ID") long seq) {
    }

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

    /**
     * The view as JSON text: an SSE state frame's data, rendered once per event
     * ({@link StoredEvent#frameData}). The same mapper Micronaut writes JSON bodies with, so the
     * text is what it would write for {@link #of} (compact: one line, as a frame's data must be).
     */
    public String text(StoredEvent stored) {
        try {
            return json.writeValueAsString(of(stored));
        } catch (JsonProcessingException e) {
            // a tree of plain values always serializes; anything else is a bug worth a 500
            throw new IllegalStateException("event #" + stored.sequence() + " could not be written as JSON", e);
        }
    }
}
