package io.boxbox.maestro.pass;

import io.boxbox.maestro.testing.MaestroUnderTest;
import io.boxbox.pacchetto.order.Order;
import io.boxbox.pacchetto.order.OrderSnapshot;
import io.boxbox.pacchetto.order.OrderState;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RemakesTest {

    @Test
    void remakesAreCapped() throws Exception {
        try (MaestroUnderTest maestro = new MaestroUnderTest(Map.of("boxbox.maestro.max-remakes", "3"))) {
            maestro.kitchen().everyPizzaBurns();
            maestro.openThePass();
            Order order = maestro.place(MaestroUnderTest.takeout("alonso"));

            OrderSnapshot end = maestro.awaitEnd(order.orderId());
            assertEquals(OrderState.FAILED, end.state());
            List<String> states = maestro.states(order.orderId());
            assertEquals(3, states.stream().filter("REMAKING"::equals).count() - 1,
                    "three remakes, and the fourth burnt pizza fails the order: " + states);
            assertEquals(4, maestro.kitchen().bakesFor(order.orderId()));
            String why = maestro.events(order.orderId()).getLast().get("detail").asText();
            assertTrue(why.contains("burnt"), why);
        }
    }
}
