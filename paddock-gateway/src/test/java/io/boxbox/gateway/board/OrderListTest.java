package io.boxbox.gateway.board;

import com.fasterxml.jackson.databind.JsonNode;
import io.boxbox.gateway.order.GatewayTestSupport;
import io.boxbox.pacchetto.order.OrderEvent;
import io.boxbox.pacchetto.order.OrderState;
import io.boxbox.pacchetto.testing.PrivateNats;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.nats.client.Connection;
import io.nats.client.Nats;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * GET /v1/orders against a real JetStream: filters, cursor paging without duplicates or gaps, the
 * same pages from a restarted gateway (a new application context, the same broker), and bad
 * parameters named in one 400.
 */
class OrderListTest {

    private static final Instant T0 = Instant.parse("2026-12-02T11:00:00Z");

    @Test
    void filtersPagesAndARestartedGatewayServesTheSamePages() throws Exception {
        try (PrivateNats nats = new PrivateNats()) {
            Map<String, Object> properties = Map.of("boxbox.nats.url", nats.url(), "boxbox.mqtt.enabled", "false",
                    "boxbox.order-token-secret", GatewayTestSupport.ORDER_TOKEN_SECRET, "micronaut.server.port", "-1");
            List<String> newestFirst = new ArrayList<>();
            List<String> charlesDelivered = new ArrayList<>();
            List<String> firstPages;
            try (EmbeddedServer gateway = ApplicationContext.run(EmbeddedServer.class, properties)) {
                List<OrderEvent> entries = new ArrayList<>();
                for (int i = 0; i < 23; i++) {
                    String who = i % 2 == 0 ? "charles" : "max";
                    List<OrderEvent> order = i % 3 == 0
                            ? Journals.order(who, T0.plusSeconds(i), OrderState.QUEUED, OrderState.READY, OrderState.READY_FOR_PICKUP)
                            : Journals.order(who, T0.plusSeconds(i), OrderState.QUEUED);
                    entries.addAll(order);
                    newestFirst.addFirst(order.getFirst().orderId());
                    if (who.equals("charles") && i % 3 == 0) {
                        charlesDelivered.addFirst(order.getFirst().orderId());
                    }
                }
                try (Connection connection = Nats.connect(nats.url())) {
                    Journals.publish(connection.jetStream(), entries);
                }
                URI base = gateway.getURI();
                // the live index follows the journal: wait until the last entry shows
                awaitListed(base, newestFirst.size());

                List<String> walked = walk(base, "/v1/orders?limit=7");
                assertEquals(newestFirst, walked, "every order once, newest first, no gap across pages");

                assertEquals(charlesDelivered, walk(base, "/v1/orders?limit=2&username=charles&state=READY_FOR_PICKUP"));
                assertEquals(newestFirst.subList(0, 3), walk(base, "/v1/orders?since=2026-12-02T11:00:20Z"));
                JsonNode queued = page(base, "/v1/orders?state=QUEUED,TOPPING&limit=200");
                assertTrue(queued.get("orders").size() > 0);
                queued.get("orders").forEach(o -> assertEquals("QUEUED", o.get("state").asText()));
                assertTrue(queued.get("next_cursor").isNull());

                firstPages = pages(base, "/v1/orders?limit=5");
            }
            try (EmbeddedServer restarted = ApplicationContext.run(EmbeddedServer.class, properties)) {
                assertEquals(firstPages, pages(restarted.getURI(), "/v1/orders?limit=5"),
                        "a restarted gateway reads the journal again and serves the same pages");
            }
        }
    }

    /**
     * The bench purges ORDER_EVENTS between runs, and event-retention expires old entries: an order
     * none of whose entries is stored any more leaves the list (it is a 404 everywhere else too),
     * instead of staying in memory until a restart.
     */
    @Test
    void anOrderWhoseJournalIsGoneLeavesTheList() throws Exception {
        try (PrivateNats nats = new PrivateNats();
             EmbeddedServer gateway = ApplicationContext.run(EmbeddedServer.class, Map.of("boxbox.nats.url", nats.url(),
                     "boxbox.mqtt.enabled", "false", "boxbox.order-token-secret", GatewayTestSupport.ORDER_TOKEN_SECRET,
                     "micronaut.server.port", "-1", "boxbox.board.check-every", "100ms"));
             Connection connection = Nats.connect(nats.url())) {
            OrderBoard board = gateway.getApplicationContext().getBean(OrderBoard.class);
            List<OrderEvent> before = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                before.addAll(Journals.order("charles", T0.plusSeconds(i), OrderState.QUEUED));
            }
            Journals.publish(connection.jetStream(), before);
            page(gateway.getURI(), "/v1/orders");
            awaitSize(board, 5);

            connection.jetStreamManagement().purgeStream(io.boxbox.pacchetto.jetstream.Topology.EVENTS_STREAM);
            awaitSize(board, 0);

            List<OrderEvent> after = Journals.order("max", T0.plusSeconds(60), OrderState.QUEUED);
            Journals.publish(connection.jetStream(), after);
            awaitSize(board, 1);
            JsonNode listed = page(gateway.getURI(), "/v1/orders");
            assertEquals(1, listed.get("orders").size(), listed.toString());
            assertEquals(after.getFirst().orderId(), listed.get("orders").get(0).get("order_id").asText());
            assertEquals("QUEUED", listed.get("orders").get(0).get("state").asText());
        }
    }

    private static void awaitSize(OrderBoard board, int cards) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (board.size() != cards) {
            assertTrue(System.nanoTime() < deadline, "the list holds " + board.size() + " orders, not " + cards);
            Thread.sleep(20);
        }
    }

    @Test
    void badParametersAreEachNamedInOne400() throws Exception {
        try (PrivateNats nats = new PrivateNats();
             EmbeddedServer gateway = ApplicationContext.run(EmbeddedServer.class, Map.of("boxbox.nats.url", nats.url(),
                     "boxbox.mqtt.enabled", "false", "boxbox.order-token-secret", GatewayTestSupport.ORDER_TOKEN_SECRET,
                     "micronaut.server.port", "-1"))) {
            HttpResponse<String> bad = GatewayTestSupport.fetch(gateway.getURI(),
                    "/v1/orders?state=QUEUED,COOKED&since=yesterday&limit=201&cursor=bm9wZQ");
            assertEquals(400, bad.statusCode(), bad.body());
            assertEquals("application/problem+json", bad.headers().firstValue("Content-Type").orElse(""));
            Set<String> fields = new HashSet<>();
            Journals.JSON.readTree(bad.body()).get("errors").forEach(e -> fields.add(e.get("field").asText()));
            assertEquals(Set.of("state", "since", "limit", "cursor"), fields, bad.body());
            assertEquals(400, GatewayTestSupport.fetch(gateway.getURI(), "/v1/orders?limit=0").statusCode());
            assertEquals(400, GatewayTestSupport.fetch(gateway.getURI(), "/v1/orders?limit=ten").statusCode());
            assertEquals(200, GatewayTestSupport.fetch(gateway.getURI(), "/v1/orders?state=&username=&limit=").statusCode(),
                    "an empty form field is no filter");
            JsonNode empty = page(gateway.getURI(), "/v1/orders");
            assertEquals(0, empty.get("orders").size());
            assertTrue(empty.get("next_cursor").isNull());
        }
    }

    static JsonNode page(URI base, String path) throws Exception {
        HttpResponse<String> response = GatewayTestSupport.fetch(base, path);
        assertEquals(200, response.statusCode(), response.body());
        return Journals.JSON.readTree(response.body());
    }

    /** Every order id of every page, following next_cursor; checks no id comes twice. */
    static List<String> walk(URI base, String first) throws Exception {
        List<String> ids = new ArrayList<>();
        String path = first;
        while (path != null) {
            JsonNode page = page(base, path);
            page.get("orders").forEach(o -> ids.add(o.get("order_id").asText()));
            JsonNode next = page.get("next_cursor");
            path = next.isNull() ? null : first + "&cursor=" + next.asText();
        }
        assertEquals(ids.size(), new HashSet<>(ids).size(), "no order twice: " + ids);
        return ids;
    }

    /** The raw bodies of every page. */
    private static List<String> pages(URI base, String first) throws Exception {
        List<String> bodies = new ArrayList<>();
        String path = first;
        while (path != null) {
            String body = GatewayTestSupport.fetch(base, path).body();
            bodies.add(body);
            JsonNode next = Journals.JSON.readTree(body).get("next_cursor");
            path = next.isNull() ? null : first + "&cursor=" + next.asText();
        }
        return bodies;
    }

    private static void awaitListed(URI base, int orders) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (page(base, "/v1/orders?limit=200").get("orders").size() < orders
                || !page(base, "/v1/orders?limit=200").get("orders").toString().contains("READY_FOR_PICKUP")) {
            assertTrue(System.nanoTime() < deadline, "the list never showed all orders");
            Thread.sleep(20);
        }
    }
}
