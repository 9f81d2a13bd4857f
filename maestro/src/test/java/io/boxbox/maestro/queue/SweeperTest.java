package io.boxbox.maestro.queue;

import io.boxbox.maestro.testing.MaestroUnderTest;
import io.boxbox.pacchetto.order.Order;
import io.boxbox.pacchetto.order.OrderSnapshot;
import io.boxbox.pacchetto.order.OrderState;
import io.boxbox.pacchetto.order.Transition;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two maestri took the order in turn and died; JetStream will not deliver it again and its
 * max-deliveries advisory went out while no maestro listened. The next maestro still ends it.
 */
class SweeperTest {

    private static final Map<String, Object> TWO_DELIVERIES = Map.of("boxbox.nats.max-deliveries", "2");

    @Test
    void sweeperFailsAStrandedOrder() throws Exception {
        try (MaestroUnderTest maestro = new MaestroUnderTest(TWO_DELIVERIES)) {
            Order order = maestro.place(MaestroUnderTest.takeout("bottas"));
            maestro.takeAndDie();
            maestro.journal().record(order.orderId(), Transition.to(OrderState.QUEUED, "Enzo (maestro)", "on the pass")
                    .amending(s -> s.withAttempt(1)).byAttempt(1));
            maestro.takeAndDie();
            maestro.awaitDeliveriesUsedUp();
            maestro.openThePass();

            OrderSnapshot end = maestro.awaitEnd(order.orderId());
            assertEquals(OrderState.FAILED, end.state());
            String why = maestro.events(order.orderId()).getLast().get("detail").asText();
            assertTrue(why.contains("deliver"), why);
            assertEquals(0, maestro.ordersOnTheQueue(), "and it is off the work queue");
        }
    }

    @Test
    void orderWithoutFirstSnapshotStillEndsVisibly() throws Exception {
        try (MaestroUnderTest maestro = new MaestroUnderTest(TWO_DELIVERIES)) {
            Order order = maestro.queueOnly(MaestroUnderTest.takeout("zhou"));
            maestro.takeAndDie();
            maestro.takeAndDie();
            maestro.awaitDeliveriesUsedUp();
            maestro.openThePass();

            OrderSnapshot end = maestro.awaitEnd(order.orderId());
            assertEquals(OrderState.FAILED, end.state());
            assertEquals("zhou", end.username(), "opened from the queued order itself");
            assertEquals(0, maestro.ordersOnTheQueue());
        }
    }
}
