package io.boxbox.gateway.board;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.boxbox.pacchetto.order.OrderState;
import io.boxbox.pacchetto.order.OrderType;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads the few fields of a journal entry ({@code OrderEvent} and its snapshot, field names as in
 * pacchetto's {@code OrderSnapshot}) that make a card, straight from the parser's tokens. The board
 * reads every entry of every order (about ten per delivered order), so this reader builds nothing
 * it does not keep: items, bill lines, the pizzas' progress and everything outside the snapshot are
 * skipped token by token ({@code pizzas} is only counted), where binding them, even as a
 * {@code JsonNode} tree, allocated several times the card itself per entry. Unknown fields are
 * skipped, so a newer journal stays readable.
 */
final class CardReader {

    private final JsonFactory factory;
    /** Drivers are few and come back in entry after entry: one String each, not one per card. */
    private static final int MAX_DRIVERS = 1_000;
    private final Map<String, String> drivers = new ConcurrentHashMap<>();

    CardReader(JsonFactory factory) {
        this.factory = factory;
    }

    /** The card of {@code entry}, stored at {@code sequence}; null when it has no snapshot with an id and an order time. */
    OrderCard read(byte[] entry, long sequence) throws IOException {
        try (JsonParser parser = factory.createParser(entry)) {
            expect(parser.nextToken(), JsonToken.START_OBJECT);
            OrderCard card = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals("snapshot") && value == JsonToken.START_OBJECT) {
                    card = snapshot(parser, sequence);
                } else {
                    parser.skipChildren();
                }
            }
            return card;
        }
    }

    private OrderCard snapshot(JsonParser parser, long sequence) throws IOException {
        String orderId = null;
        String orderNumber = null;
        String username = null;
        OrderState state = null;
        OrderType orderType = null;
        Instant orderedAt = null;
        Instant updatedAt = null;
        int pizzas = 0;
        Integer totalCents = null;
        String driver = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if (value == JsonToken.VALUE_NULL) {
                continue;
            }
            switch (field) {
                case "order_id" -> orderId = parser.getText();
                case "order_number" -> orderNumber = parser.getText();
                case "username" -> username = parser.getText();
                case "state" -> state = OrderState.valueOf(parser.getText());
                case "order_type" -> orderType = orderType(parser.getText());
                case "ordered_at" -> orderedAt = instant(parser);
                case "updated_at" -> updatedAt = instant(parser);
                case "pizzas" -> pizzas = count(parser);
                case "bill" -> totalCents = total(parser);
                case "driver" -> driver = driver(parser.getText());
                default -> parser.skipChildren();
            }
        }
        if (orderId == null || orderedAt == null) {
            return null;
        }
        return new OrderCard(orderId, orderNumber, username, state, orderType, orderedAt, updatedAt, pizzas, totalCents,
                driver, sequence);
    }

    private String driver(String name) {
        String known = drivers.get(name);
        if (known != null) {
            return known;
        }
        if (drivers.size() < MAX_DRIVERS) {
            drivers.putIfAbsent(name, name);
        }
        return name;
    }

    /** The elements of the array the parser is on, each skipped. */
    private static int count(JsonParser parser) throws IOException {
        expect(parser.currentToken(), JsonToken.START_ARRAY);
        int n = 0;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            parser.skipChildren();
            n++;
        }
        return n;
    }

    /** {@code total_cents} of the bill the parser is on; its lines are skipped. */
    private static Integer total(JsonParser parser) throws IOException {
        expect(parser.currentToken(), JsonToken.START_OBJECT);
        Integer total = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if (field.equals("total_cents") && value == JsonToken.VALUE_NUMBER_INT) {
                total = parser.getIntValue();
            } else {
                parser.skipChildren();
            }
        }
        return total;
    }

    /** ISO-8601 text, as the journal writes instants; decimal epoch seconds are read too. */
    private static Instant instant(JsonParser parser) throws IOException {
        return switch (parser.currentToken()) {
            case VALUE_STRING -> Instant.parse(parser.getText());
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                BigDecimal seconds = parser.getDecimalValue();
                yield Instant.ofEpochSecond(seconds.longValue(), seconds.remainder(BigDecimal.ONE).movePointRight(9).intValue());
            }
            default -> throw new IOException("not an instant: " + parser.currentToken());
        };
    }

    private static OrderType orderType(String wireName) throws IOException {
        Optional<OrderType> type = OrderType.fromWireName(wireName);
        if (type.isEmpty()) {
            throw new IOException("unknown order_type " + wireName);
        }
        return type.get();
    }

    private static void expect(JsonToken actual, JsonToken expected) throws IOException {
        if (actual != expected) {
            throw new IOException("expected " + expected + ", found " + actual);
        }
    }
}
