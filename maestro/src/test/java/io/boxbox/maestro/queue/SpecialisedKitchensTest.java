package io.boxbox.maestro.queue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxbox.maestro.kitchen.MaestroTestProperties;
import io.boxbox.maestro.testing.MaestroUnderTest;
import io.boxbox.pacchetto.jetstream.KitchenSign;
import io.boxbox.pacchetto.jetstream.Topology;
import io.boxbox.pacchetto.order.Border;
import io.boxbox.pacchetto.order.Order;
import io.boxbox.pacchetto.order.OrderState;
import io.boxbox.pacchetto.order.OrderType;
import io.boxbox.pacchetto.order.PizzaSize;
import io.boxbox.pacchetto.testing.PrivateNats;
import io.micronaut.context.ApplicationContext;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueEntry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 11: maestri limited to some order types ({@code boxbox.maestro.order-types}). Each takes
 * only its kind; orders of a kind nobody makes wait on their consumer, visibly, and are made once
 * a maestro for them is back.
 */
class SpecialisedKitchensTest {

    @Test
    void eachSpecialisedMaestroTakesOnlyItsKind() throws Exception {
        try (PrivateNats nats = new PrivateNats();
             MaestroUnderTest deliveries = new MaestroUnderTest(nats, serving("delivery", "maestro-deliveries"));
             MaestroUnderTest counter = new MaestroUnderTest(nats, serving("dine_in,takeout", "maestro-counter"))) {
            deliveries.openThePass();
            counter.openThePass();
            List<Order> orders = List.of(MaestroUnderTest.delivery("leclerc"), MaestroUnderTest.takeout("sainz"),
                    dineIn("hamilton"), MaestroUnderTest.delivery("norris"), MaestroUnderTest.takeout("piastri"),
                    dineIn("russell"));
            for (Order order : orders) {
                deliveries.place(order);
            }
            for (Order order : orders) {
                OrderState end = deliveries.awaitEnd(order.orderId()).state();
                boolean delivery = order.orderType() == OrderType.DELIVERY;
                assertEquals(delivery ? OrderState.DELIVERED
                        : order.orderType() == OrderType.TAKEOUT ? OrderState.READY_FOR_PICKUP : OrderState.SERVED, end);
                assertEquals(delivery ? 1 : 0, deliveries.kitchen().doughsFor(order.orderId()),
                        "the delivery kitchen made " + order.orderType());
                assertEquals(delivery ? 0 : 1, counter.kitchen().doughsFor(order.orderId()),
                        "the counter kitchen made " + order.orderType());
            }
            assertEquals(List.of(OrderType.DELIVERY), sign(deliveries, "maestro-deliveries").orderTypes());
            assertEquals(List.of(OrderType.TAKEOUT, OrderType.DINE_IN), sign(deliveries, "maestro-counter").orderTypes());
        }
    }

    @Test
    void takeoutWaitsVisiblyWhileNobodyMakesItAndIsMadeWhenItsMaestroIsBack() throws Exception {
        try (PrivateNats nats = new PrivateNats();
             MaestroUnderTest deliveries = new MaestroUnderTest(nats, serving("delivery", "maestro-deliveries"))) {
            deliveries.openThePass();
            try (MaestroUnderTest takeouts = new MaestroUnderTest(nats, serving("takeout", "maestro-takeout"))) {
                takeouts.openThePass();
                awaitSign(deliveries, "maestro-takeout");
            }
            assertNull(deliveries.client().keyValue(Topology.KITCHENS_BUCKET).get(KitchenSign.key("maestro-takeout")),
                    "a maestro takes its sign down when it stops");

            Order takeout = deliveries.place(MaestroUnderTest.takeout("alonso"));
            Order delivery = deliveries.place(MaestroUnderTest.delivery("stroll"));
            assertEquals(OrderState.DELIVERED, deliveries.awaitEnd(delivery.orderId()).state());
            Thread.sleep(500); // several fetches of the delivery maestro's
            assertEquals(OrderState.RECEIVED, deliveries.snapshot(takeout.orderId()).orElseThrow().state(),
                    "nobody makes takeout: it waits, received");
            assertEquals(1, deliveries.consumer(OrderType.TAKEOUT).getNumPending(),
                    "on the takeout consumer, not delivered to anyone");
            assertEquals(0, deliveries.kitchen().doughsFor(takeout.orderId()));

            try (MaestroUnderTest back = new MaestroUnderTest(nats, serving("takeout", "maestro-takeout"))) {
                back.openThePass();
                assertEquals(OrderState.READY_FOR_PICKUP, back.awaitEnd(takeout.orderId()).state());
                assertEquals(1, back.kitchen().doughsFor(takeout.orderId()), "made once, by the maestro that came back");
                assertEquals(0, back.ordersOnTheQueue());
            }
        }
    }

    @Test
    void anOrderTypeThatDoesNotExistStopsTheStartNamingTheProperty() throws Exception {
        try (PrivateNats nats = new PrivateNats()) {
            Map<String, Object> properties = new HashMap<>(MaestroTestProperties.on(nats));
            properties.put(ServedOrderTypes.PROPERTY, "delivery,pizza_party");
            Exception refused = assertThrows(Exception.class, () -> {
                try (ApplicationContext ignored = ApplicationContext.run(properties, "test")) {
                    // started: that is the failure
                }
            });
            String why = causes(refused);
            assertTrue(why.contains("boxbox.maestro.order-types") && why.contains("BOXBOX_MAESTRO_ORDER_TYPES")
                    && why.contains("'pizza_party' is not an order type"), why);
        }
    }

    @Test
    void theTypesAreReadCaseInsensitivelyOnceEachAndDefaultToAll() {
        assertEquals(List.of(OrderType.DELIVERY, OrderType.TAKEOUT), ServedOrderTypes.parse(List.of("Takeout, delivery", "takeout")));
        assertEquals(List.of(OrderType.values()), ServedOrderTypes.parse(List.of()));
        assertEquals(List.of(OrderType.values()), ServedOrderTypes.parse(List.of(" ")));
        assertEquals(List.of(OrderType.values()), ServedOrderTypes.parse(null));
        Exception refused = assertThrows(Exception.class, () -> ServedOrderTypes.parse(List.of("dine-in", "delivery", "sushi")));
        assertTrue(refused.getMessage().contains("'dine-in', 'sushi' are not order types; name any of delivery, takeout, dine_in"),
                refused.getMessage());
    }

    private static Map<String, Object> serving(String types, String instance) {
        return Map.of(ServedOrderTypes.PROPERTY, types, "boxbox.instance", instance);
    }

    private static Order dineIn(String username) {
        return new Order(UUID.randomUUID().toString(), username, PizzaSize.LARGE, List.of("basil"), Border.NONE,
                OrderType.DINE_IN, null, Instant.now());
    }

    private static KitchenSign sign(MaestroUnderTest maestro, String instance) throws Exception {
        KeyValue kitchens = maestro.client().keyValue(Topology.KITCHENS_BUCKET);
        KeyValueEntry entry = kitchens.get(KitchenSign.key(instance));
        return maestro.bean(ObjectMapper.class).readValue(entry.getValue(), KitchenSign.class);
    }

    private static void awaitSign(MaestroUnderTest maestro, String instance) throws Exception {
        KeyValue kitchens = maestro.client().keyValue(Topology.KITCHENS_BUCKET);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (kitchens.get(KitchenSign.key(instance)) == null) {
            assertTrue(Instant.now().isBefore(deadline), "no kitchen sign of " + instance);
            Thread.sleep(20);
        }
    }

    private static String causes(Throwable thrown) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append(" | ");
        }
        return all.toString();
    }
}
