package io.boxbox.maestro.pantry;

import io.boxbox.maestro.testing.MaestroUnderTest;
import io.boxbox.pacchetto.order.Border;
import io.boxbox.pacchetto.order.MenuItem;
import io.boxbox.pacchetto.order.Order;
import io.boxbox.pacchetto.order.OrderSnapshot;
import io.boxbox.pacchetto.order.OrderState;
import io.boxbox.pacchetto.order.OrderType;
import io.boxbox.pacchetto.order.PizzaItem;
import io.boxbox.pacchetto.order.PizzaSize;
import io.boxbox.pacchetto.pantry.Pantry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An order whose chinotto is out waits visibly in WAITING_FOR_STOCK and is served once the shelf is restocked. */
class PackingTest {

    @Test
    void anOrderWaitsForItsDrinkAndIsServedAfterTheRestock() throws Exception {
        try (MaestroUnderTest maestro = new MaestroUnderTest(Map.of())) {
            Pantry pantry = maestro.bean(Pantry.class);
            pantry.set("chinotto", 0);
            int tiramisu = pantry.shelf("tiramisu").stock();
            Order order = new Order(UUID.randomUUID().toString(), null, "charles",
                    List.of(new PizzaItem(PizzaSize.SMALL, List.of("basil"), Border.NONE, 1),
                            new MenuItem("chinotto", 2), new MenuItem("tiramisu", 1)),
                    OrderType.DINE_IN, null, Instant.now(), null);
            maestro.openThePass();
            maestro.place(order);

            awaitState(maestro, order.orderId(), OrderState.WAITING_FOR_STOCK);
            OrderSnapshot waiting = maestro.snapshot(order.orderId()).orElseThrow();
            assertEquals(tiramisu, pantry.shelf("tiramisu").stock(), "nothing is packed while the chinotto is out");
            assertTrue(maestro.events(order.orderId()).stream()
                    .anyMatch(e -> e.path("detail").asText().startsWith("out of stock: chinotto")), waiting.toString());

            pantry.restock("chinotto");
            OrderSnapshot served = maestro.awaitEnd(order.orderId());

            assertEquals(OrderState.SERVED, served.state());
            assertFalse(maestro.states(order.orderId()).contains("FAILED"));
            assertEquals(pantry.shelf("chinotto").capacity() - 2, pantry.shelf("chinotto").stock());
            assertEquals(tiramisu - 1, pantry.shelf("tiramisu").stock());
        }
    }

    private static void awaitState(MaestroUnderTest maestro, String orderId, OrderState state) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (maestro.snapshot(orderId).map(s -> s.state() != state).orElse(true)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("order never reached " + state + ": " + maestro.states(orderId));
            }
            Thread.sleep(20);
        }
    }
}
