package io.boxbox.gateway.board;

import com.fasterxml.jackson.databind.JsonNode;
import io.boxbox.gateway.order.GatewayTestSupport;
import io.boxbox.pacchetto.jetstream.JetStreamTopology;
import io.boxbox.pacchetto.jetstream.Topology;
import io.boxbox.pacchetto.order.OrderEvent;
import io.boxbox.pacchetto.order.OrderState;
import io.boxbox.pacchetto.testing.PrivateNats;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.nats.client.Connection;
import io.nats.client.Nats;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * 10,000 orders in the journal, every fifth (the newest among them) with a second entry: a gateway started on it builds
 * its list from one entry per order (the last), not from every entry, and a request reads nothing
 * more. Asserts on what was read, not on time.
 */
class OrderListAtScaleTest {

    private static final int ORDERS = 10_000;
    private static final Instant T0 = Instant.parse("2026-12-02T11:00:00Z");

    @Test
    void tenThousandOrdersAreListedFromTheirLastEntriesOnly() throws Exception {
        try (PrivateNats nats = new PrivateNats()) {
            String newest;
            long stored;
            try (Connection connection = Nats.connect(nats.url())) {
                new JetStreamTopology(connection, Duration.ofDays(7)).ensure();
                newest = publish(connection);
                stored = storedEntries(connection, ORDERS + ORDERS / 5);
            }
            assertEquals(ORDERS + ORDERS / 5, stored);
            Map<String, Object> properties = Map.of("boxbox.nats.url", nats.url(), "boxbox.mqtt.enabled", "false",
                    "boxbox.order-token-secret", GatewayTestSupport.ORDER_TOKEN_SECRET, "micronaut.server.port", "-1");
            try (EmbeddedServer gateway = ApplicationContext.run(EmbeddedServer.class, properties)) {
                OrderBoard board = gateway.getApplicationContext().getBean(OrderBoard.class);
                JsonNode first = OrderListTest.page(gateway.getURI(), "/v1/orders");
                assertEquals(50, first.get("orders").size());
                assertEquals(newest, first.get("orders").get(0).get("order_id").asText());
                assertEquals("QUEUED", first.get("orders").get(0).get("state").asText(), "its last entry");
                JsonNode charles = OrderListTest.page(gateway.getURI(), "/v1/orders?limit=200&username=charles&state=QUEUED");
                assertEquals(200, charles.get("orders").size());
                assertEquals(ORDERS, board.size());
                assertEquals(ORDERS, board.entriesRead(), "one entry per order read at start, not all " + stored);
                OrderListTest.page(gateway.getURI(), "/v1/orders?cursor=" + first.get("next_cursor").asText());
                assertEquals(ORDERS, board.entriesRead(), "a request reads nothing from the broker");
            }
        }
    }

    /**
     * One order's entries serialised once, then copied with another id, person and time, and
     * published without waiting for acks (core NATS: the stream stores what lands on its subjects):
     * 12,000 entries in about a second. Returns the newest order's id.
     */
    private static String publish(Connection connection) throws Exception {
        List<OrderEvent> template = Journals.order("charles", T0, OrderState.QUEUED);
        String id = template.getFirst().orderId();
        String received = Journals.JSON.writeValueAsString(template.get(0));
        String queued = Journals.JSON.writeValueAsString(template.get(1));
        String newest = null;
        for (int i = 0; i < ORDERS; i++) {
            String orderId = UUID.randomUUID().toString();
            boolean twice = i % 5 == 4;
            String who = twice ? "charles" : "fan" + (i % 100);
            String at = T0.plusMillis(i).toString();
            for (String entry : twice ? List.of(received, queued) : List.of(received)) {
                String copy = entry.replace(id, orderId).replace(T0.toString(), at)
                        .replace("\"username\":\"charles\"", "\"username\":\"" + who + "\"");
                connection.publish(Topology.eventSubject(orderId), copy.getBytes(StandardCharsets.UTF_8));
            }
            newest = orderId;
        }
        connection.flush(Duration.ofSeconds(10));
        return newest;
    }

    /** The stream's message count once it reached {@code expected} (or after 20 s, whatever it is then). */
    private static long storedEntries(Connection connection, long expected) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        long stored;
        do {
            stored = connection.jetStreamManagement().getStreamInfo(Topology.EVENTS_STREAM).getStreamState().getMsgCount();
            if (stored < expected) {
                Thread.sleep(20);
            }
        } while (stored < expected && System.nanoTime() < deadline);
        return stored;
    }
}
