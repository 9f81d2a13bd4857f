package io.boxbox.gateway.board;

import com.fasterxml.jackson.core.JsonFactory;
import io.boxbox.pacchetto.menu.Catalogue;
import io.boxbox.pacchetto.menu.Till;
import io.boxbox.pacchetto.order.Border;
import io.boxbox.pacchetto.order.GeoPoint;
import io.boxbox.pacchetto.order.Order;
import io.boxbox.pacchetto.order.OrderEvent;
import io.boxbox.pacchetto.order.OrderItem;
import io.boxbox.pacchetto.order.OrderSnapshot;
import io.boxbox.pacchetto.order.OrderState;
import io.boxbox.pacchetto.order.OrderType;
import io.boxbox.pacchetto.order.PizzaItem;
import io.boxbox.pacchetto.order.PizzaSize;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The card read token by token is the one the whole snapshot gives, and a newer journal's fields are skipped. */
class CardReaderTest {

    private static final Instant AT = Instant.parse("2026-12-02T11:00:00.123456789Z");
    private final CardReader reader = new CardReader(JsonFactory.builder().build());

    @Test
    void readsTheCardOfAWholeEntry() throws Exception {
        List<OrderItem> items = List.of(new PizzaItem(PizzaSize.LARGE, List.of("tomato", "basil"), Border.CHEDDAR, 2),
                new PizzaItem(PizzaSize.SMALL, List.of("tomato"), Border.NONE, 1));
        Order order = new Order(UUID.randomUUID().toString(), "BB-20261202-0042", "charles", items, OrderType.DELIVERY,
                null, AT, new Till(new Catalogue()).bill(items, OrderType.DELIVERY));
        OrderSnapshot snapshot = OrderSnapshot.received(order, "0af7651916cd43dd8448eb211c80319c")
                .withState(OrderState.OUT_FOR_DELIVERY, AT.plusSeconds(600))
                .withDelivery("kimi", new GeoPoint(45.62, 9.28), 120L);
        OrderEvent entry = OrderEvent.of(snapshot, "Kimi (driver)", "driver-sim@test", "on the way");

        OrderCard card = reader.read(Journals.JSON.writeValueAsBytes(entry), 77);

        assertEquals(new OrderCard(order.orderId(), "BB-20261202-0042", "charles", OrderState.OUT_FOR_DELIVERY,
                OrderType.DELIVERY, AT, snapshot.updatedAt(), snapshot.pizzas().size(), order.bill().totalCents(), "kimi",
                77), card);
        assertEquals(3, card.pizzas(), "one per pizza, quantities counted");
    }

    @Test
    void skipsWhatItDoesNotKnowAndNeedsAnIdAndATime() throws Exception {
        String newer = """
                {"order_id":"x","future":{"a":[1,{"b":2}]},"snapshot":{"order_id":"9b1d8c55-1c7e-4b5e-9a43-6a2c1f0e7d11",
                 "colour":"red","state":"QUEUED","order_type":"takeout","ordered_at":"2026-12-02T11:00:00Z",
                 "pizzas":[{"state":"QUEUED","extra":[1,2]}],"bill":{"lines":[{"total_cents":5}],"total_cents":900},
                 "driver":null,"username":"max"},"later":true}""";
        OrderCard card = reader.read(newer.getBytes(StandardCharsets.UTF_8), 3);
        assertEquals(new OrderCard("9b1d8c55-1c7e-4b5e-9a43-6a2c1f0e7d11", null, "max", OrderState.QUEUED,
                OrderType.TAKEOUT, Instant.parse("2026-12-02T11:00:00Z"), null, 1, 900, null, 3), card);

        assertNull(reader.read("{\"order_id\":\"x\",\"state\":\"RECEIVED\"}".getBytes(StandardCharsets.UTF_8), 4),
                "an entry from before snapshots makes no card");
        assertNull(reader.read("{\"snapshot\":{\"order_id\":\"y\"}}".getBytes(StandardCharsets.UTF_8), 5),
                "no order time, no place in the list");
    }
}
