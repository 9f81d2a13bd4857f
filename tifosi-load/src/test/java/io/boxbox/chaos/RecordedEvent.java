package io.boxbox.chaos;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * One message of stream {@code ORDER_EVENTS} as the audit reads it: the raw record, not what the
 * gateway makes of it. Parsed leniently (by field name), so the audit reads the journal before and
 * after it gains {@code revision} and {@code snapshot}.
 *
 * @param sequence the stream sequence: the order of the record
 * @param driver     who carries the pizza, when the event says so (the snapshot's {@code driver},
 *                   else the event's actor)
 * @param pizza      the pizza (1-based) this event moved, null for a change of the whole order
 * @param pizzaStage that pizza's stage after the event (its entry in the snapshot's {@code pizzas}),
 *                   null when the event moved no pizza; {@code state} is the order's (its slowest pizza)
 */
public record RecordedEvent(long sequence, String orderId, String state, Instant at, String actor, String detail,
                            int attempt, String driver, Integer pizza, String pizzaStage) {

    /** An event that moved the whole order (or a history from before pizzas were numbered). */
    public RecordedEvent(long sequence, String orderId, String state, Instant at, String actor, String detail,
                         int attempt, String driver) {
        this(sequence, orderId, state, at, actor, detail, attempt, driver, null, null);
    }

    static RecordedEvent parse(long sequence, JsonNode event) {
        String actor = text(event, "actor");
        String driver = text(event.path("snapshot"), "driver");
        if (driver == null) {
            driver = text(event, "driver");
        }
        String at = text(event, "at");
        int number = event.path("pizza").asInt(0);
        Integer pizza = number > 0 ? number : null;
        String pizzaStage = null;
        for (JsonNode one : event.path("snapshot").path("pizzas")) {
            if (pizza != null && one.path("number").asInt() == number) {
                pizzaStage = text(one, "state");
            }
        }
        return new RecordedEvent(sequence, text(event, "order_id"), text(event, "state"),
                at == null ? null : Instant.parse(at), actor, text(event, "detail"), event.path("attempt").asInt(0),
                driver != null ? driver : actor, pizza, pizza == null ? null : pizzaStage == null ? text(event, "state") : pizzaStage);
    }

    /** The same event, of order {@code id}. */
    RecordedEvent ofOrder(String id) {
        return new RecordedEvent(sequence, id, state, at, actor, detail, attempt, driver, pizza, pizzaStage);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** One line of an order's history in the audit's per-order detail. */
    String line() {
        return String.format("#%d %-18s attempt %d  %s  %s%s%s", sequence, state, attempt, at, actor,
                pizza == null ? "" : "  pizza " + pizza + " " + pizzaStage, detail == null ? "" : "  (" + detail + ")");
    }
}
