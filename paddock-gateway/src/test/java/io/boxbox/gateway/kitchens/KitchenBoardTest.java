package io.boxbox.gateway.kitchens;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxbox.pacchetto.jetstream.JetStreamTopology;
import io.boxbox.pacchetto.jetstream.KitchenSign;
import io.boxbox.pacchetto.jetstream.Topology;
import io.boxbox.pacchetto.json.JsonConventions;
import io.boxbox.pacchetto.order.OrderType;
import io.boxbox.pacchetto.testing.PrivateNats;
import io.nats.client.Connection;
import io.nats.client.KeyValue;
import io.nats.client.Nats;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** GET /v1/kitchens' board: per type, who makes it (fresh kitchen signs) and what waits on its consumer. */
class KitchenBoardTest {

    private static final Instant NOW = Instant.parse("2026-12-02T03:30:00Z");
    private final ObjectMapper json = JsonConventions.apply(new ObjectMapper());

    @Test
    void aTypeNobodyMakesShowsUnservedWithItsOrdersWaiting() throws Exception {
        try (PrivateNats nats = new PrivateNats(); Connection connection = Nats.connect(nats.url())) {
            new JetStreamTopology(connection, Duration.ofDays(7)).ensure();
            KeyValue signs = connection.keyValue(Topology.KITCHENS_BUCKET);
            put(signs, new KitchenSign("maestro-1", List.of(OrderType.DELIVERY, OrderType.DINE_IN), NOW.minusSeconds(1)));
            put(signs, new KitchenSign("maestro-2", List.of(OrderType.DELIVERY), NOW));
            // died without taking its sign down: its heartbeat is older than the stale limit
            put(signs, new KitchenSign("maestro-3", List.of(OrderType.TAKEOUT), NOW.minusSeconds(6)));
            for (String id : List.of("a", "b")) {
                connection.jetStream().publish(Topology.orderSubject(OrderType.TAKEOUT, id), "{}".getBytes(StandardCharsets.UTF_8));
            }

            KitchenBoard board = new KitchenBoard(connection.jetStreamManagement(), signs, json, Duration.ofSeconds(5),
                    Clock.fixed(NOW, ZoneOffset.UTC));

            assertEquals(List.of(
                    new KitchenBoard.Kitchen(OrderType.DELIVERY, "maestro-delivery", true, List.of("maestro-1", "maestro-2"), 0, 0),
                    new KitchenBoard.Kitchen(OrderType.TAKEOUT, "maestro-takeout", false, List.of(), 2, 0),
                    new KitchenBoard.Kitchen(OrderType.DINE_IN, "maestro-dine_in", true, List.of("maestro-1"), 0, 0)),
                    board.kitchens());
            assertEquals("{\"kitchens\":[{\"order_type\":\"delivery\",\"consumer\":\"maestro-delivery\",\"served\":true,"
                            + "\"maestri\":[\"maestro-1\",\"maestro-2\"],\"waiting\":0,\"being_made\":0}]}",
                    json.writeValueAsString(new KitchensController.Kitchens(board.kitchens().subList(0, 1))),
                    "the wire shape");
        }
    }

    private void put(KeyValue signs, KitchenSign sign) throws Exception {
        signs.put(sign.key(), json.writeValueAsBytes(sign));
    }
}
