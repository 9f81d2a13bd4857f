package io.boxbox.chaos;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * One message of stream {@code ORDER_EVENTS} as the audit reads it: the raw record, not what the
 * gateway makes of it. Parsed leniently (by field name), so the audit reads the journal before and
 * after it gains {@code revision} and {@code snapshot}.
 *
 * @param sequence the stream sequence: the order of the record
 * @param driver   who carries the pizza, when the event says so (the snapshot's {@code driver},
 *                 else the event's actor)
 */
public record RecordedEvent(long sequence, String orderId, String state, Instant at, String actor, String detail,
                            int attempt, String driver) {

    static RecordedEvent parse(long sequence, JsonNode event) {
        String actor = text(event, "actor");
        String driver = text(event.path("snapshot"), "driver");
        if (driver == null) {
            driver = text(event, "driver");
        }
        String at = text(event, "at");
        return new RecordedEvent(sequence, text(event, "order_id"), text(event, "state"),
                at == null ? null : Instant.parse(at), actor, text(event, "detail"), event.path("attempt").asInt(0),
                driver != null ? driver : actor);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** One line of an order's history in the audit's per-order detail. */
    String line() {
        return String.format("#%d %-18s attempt %d  %s  %s%s", sequence, state, attempt, at, actor,
                detail == null ? "" : "  (" + detail + ")");
    }
}
