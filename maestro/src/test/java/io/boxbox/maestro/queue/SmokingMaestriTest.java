package io.boxbox.maestro.queue;

import io.boxbox.maestro.testing.MaestroUnderTest;
import io.boxbox.pacchetto.order.Order;
import io.boxbox.pacchetto.order.OrderSnapshot;
import io.boxbox.pacchetto.order.OrderState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SmokingMaestriTest {

    @Test
    void threeHundredOrdersWhileMaestriSmokeAfterEveryOrderAndLunchOftenNoneFail() throws Exception {
        Map<String, Object> chainSmokers = Map.of(
                "boxbox.sim.time-scale", "0.01",
                "boxbox.maestro.crew", "Enzo,Mattia",
                "boxbox.maestro.orders-per-person", "4",
                "boxbox.maestro.smoke-duration", "1s",
                "boxbox.maestro.probability-of-oversmoking", "1",
                "boxbox.maestro.oversmoking-factor", "1",
                "boxbox.maestro.period-between-lunch", "10s",
                "boxbox.maestro.lunch-duration", "3s");
        try (MaestroUnderTest maestro = new MaestroUnderTest(chainSmokers)) {
            maestro.openThePass();
            List<Order> orders = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                orders.add(maestro.place(i % 3 == 0 ? MaestroUnderTest.delivery("tifoso-" + i)
                        : MaestroUnderTest.takeout("tifoso-" + i)));
            }
            List<String> failed = new ArrayList<>();
            List<String> workedTwice = new ArrayList<>();
            for (Order order : orders) {
                OrderSnapshot end = maestro.awaitEnd(order.orderId());
                if (end.state() == OrderState.FAILED) {
                    failed.add(order.orderId() + ": " + maestro.events(order.orderId()).getLast());
                }
                if (end.attempt() != 1) {
                    workedTwice.add(order.orderId() + " ended on attempt " + end.attempt());
                }
            }
            assertEquals(List.of(), failed, "0 FAILED");
            assertEquals(List.of(), workedTwice, "no maestro died, so every order was worked on once");
        }
    }
}
