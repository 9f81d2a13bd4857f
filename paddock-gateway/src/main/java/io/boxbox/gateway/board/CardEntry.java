package io.boxbox.gateway.board;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.boxbox.pacchetto.order.OrderState;
import io.boxbox.pacchetto.order.OrderType;

import java.time.Instant;

/**
 * The few fields of a journal entry ({@code OrderEvent} and its snapshot) that make a card. The
 * list reads one entry per order at start-up, 10,000 and more; binding only these, and skipping
 * items, pizzas' details and bill lines unread, makes that build several times cheaper than binding
 * whole {@code OrderEvent}s. The field names are the journal's (pacchetto {@code OrderSnapshot}).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record CardEntry(Snapshot snapshot) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Snapshot(String orderId, String orderNumber, String username, OrderState state, OrderType orderType,
                    Instant orderedAt, Instant updatedAt, JsonNode pizzas, Total bill, String driver) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Total(Integer totalCents) {
    }

    OrderCard card(long sequence) {
        Snapshot s = snapshot;
        return new OrderCard(s.orderId(), s.orderNumber(), s.username(), s.state(), s.orderType(), s.orderedAt(),
                s.updatedAt(), s.pizzas() == null ? 0 : s.pizzas().size(), s.bill() == null ? null : s.bill().totalCents(),
                s.driver(), sequence);
    }
}
