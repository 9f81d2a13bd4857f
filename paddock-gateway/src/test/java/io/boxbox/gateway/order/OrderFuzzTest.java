package io.boxbox.gateway.order;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxbox.pacchetto.jetstream.Topology;
import io.boxbox.pacchetto.json.JsonConventions;
import io.boxbox.pacchetto.menu.PaddockMap;
import io.boxbox.pacchetto.order.Order;
import io.boxbox.pacchetto.order.OrderType;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import io.boxbox.gateway.number.OrderNumbers;
import io.boxbox.pacchetto.menu.Catalogue;
import io.boxbox.pacchetto.menu.Till;
import io.boxbox.pacchetto.order.OrderItem;

import java.util.HashSet;
import java.util.Set;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.SplittableRandom;

import static io.boxbox.gateway.order.GatewayTestSupport.ordersQueued;
import static io.boxbox.gateway.order.GatewayTestSupport.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Thousands of random mutations of a valid order (seeded, so a failure replays): the gateway never
 * answers 5xx, and everything it accepted and queued is a valid order.
 */
@MicronautTest
class OrderFuzzTest extends GatewayOnPrivateNats {

    private static final String VALID = """
            {"username":"charles","size":"medium","toppings":["tomato","mozzarella"],"border":"cheddar",\
            "order_type":"delivery","destination":{"lat":45.6190,"lon":9.2815}}""";
    private static final String VALID_ITEMS = """
            {"username":"charles","order_type":"takeout","items":[{"kind":"pizza","size":"small","toppings":["ham"],            "border":"none","quantity":2},{"kind":"item","id":"espresso","quantity":3}]}""";
    private static final String[] NASTY = {"", "null", "true", "-1", "1e309", "\"\"", "[]", "{}", "\"\\u0000\"", "\"\\ud800\"",
            "[[[[", "}", "\"small\"", "\"delivery\"", "\"ham\"", "\"paddock_gate\"", "0.0", "\"" + "z".repeat(70) + "\""};

    private final ObjectMapper json = JsonConventions.apply(new ObjectMapper());

    @Inject
    EmbeddedServer server;

    @Inject
    PaddockMap map;

    private final Catalogue catalogue = new Catalogue();

    @Override
    protected Map<String, String> moreProperties() {
        return Map.of("boxbox.rate-limit.enabled", "false");
    }

    @Test
    void randomMutationsNeverCauseA5xxNorQueueAnInvalidOrder() throws Exception {
        SplittableRandom random = new SplittableRandom(20260906);
        int accepted = 0;
        for (int i = 0; i < 3_000; i++) {
            // half the mutations start from the single-pizza body, half from items
            String body = mutate(i % 2 == 0 ? VALID : VALID_ITEMS, random);
            HttpResponse<String> response = send(server.getURI(), "application/json", body);
            assertTrue(response.statusCode() < 500, "mutation #" + i + " → " + response.statusCode() + ": " + body);
            if (response.statusCode() == 202) {
                accepted++;
            } else {
                assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""), body);
            }
        }
        assertEquals(accepted, ordersQueued(nats.url()), "exactly the accepted orders were queued");
        assertTrue(accepted > 0, "some mutations stay valid, or the fuzzer is not exercising the happy path");
        Set<String> numbers = new HashSet<>();
        try (Connection connection = Nats.connect(nats.url())) {
            JetStreamManagement jsm = connection.jetStreamManagement();
            for (long seq = 1; seq <= accepted; seq++) {
                Order order = json.readValue(jsm.getMessage(Topology.ORDERS_STREAM, seq).getData(), Order.class);
                assertValid(order);
                assertTrue(numbers.add(order.orderNumber()), "a number is given once: " + order.orderNumber());
            }
        }
    }

    private void assertValid(Order order) {
        assertTrue(order.username() != null && !order.username().isBlank() && order.username().length() <= 64);
        assertTrue(!order.items().isEmpty() && order.items().size() <= Order.MAX_ITEMS);
        assertTrue(order.pizzas().size() <= Order.MAX_PIZZAS);
        order.items().forEach(item -> assertTrue(item.quantity() >= 1 && item.quantity() <= OrderItem.MAX_QUANTITY));
        order.extras().forEach(extra -> assertTrue(catalogue.extra(extra.id()).isPresent(), extra.id()));
        assertEquals(new Till(catalogue).bill(order.items(), order.orderType()), order.bill(), "billed from the menu");
        assertTrue(OrderNumbers.isWellFormed(order.orderNumber()), order.orderNumber());
        for (var pizza : order.pizzas()) {
            assertNotNull(pizza.size());
            assertNotNull(pizza.border());
            assertTrue(pizza.toppings().size() <= PaddockMap.MAX_TOPPINGS);
            pizza.toppings().forEach(t -> assertTrue(map.isTopping(t), t));
        }
        if (order.orderType() == OrderType.DELIVERY) {
            assertTrue(map.isServed(order.destination().point()), order.destination().toString());
        }
    }

    private static String mutate(String body, SplittableRandom random) {
        StringBuilder s = new StringBuilder(body);
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits && !s.isEmpty(); e++) {
            int at = random.nextInt(s.length());
            switch (random.nextInt(6)) {
                case 0 -> s.deleteCharAt(at);
                case 1 -> s.insert(at, (char) random.nextInt(32, 127));
                case 2 -> s.insert(at, NASTY[random.nextInt(NASTY.length)]);
                case 3 -> s.setLength(at);
                case 4 -> s.setCharAt(at, (char) random.nextInt(0, 0x3000));
                default -> {
                    // replace one value between a colon and the next comma
                    int colon = s.indexOf(":", at);
                    int end = colon < 0 ? -1 : s.indexOf(",", colon);
                    if (colon >= 0 && end > colon) {
                        s.replace(colon + 1, end, NASTY[random.nextInt(NASTY.length)]);
                    }
                }
            }
        }
        return s.toString();
    }
}
