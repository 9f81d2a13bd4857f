package io.boxbox.maestro.queue;

import com.fasterxml.jackson.databind.JsonNode;
import io.boxbox.maestro.testing.MaestroUnderTest;
import io.boxbox.pacchetto.crew.AbsenceKind;
import io.boxbox.pacchetto.crew.CrewMemberView;
import io.boxbox.pacchetto.order.Order;
import io.boxbox.pacchetto.order.OrderState;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole crew at lunch with one puller per order type (the e2e HumanBehaviourIT's lunch, at
 * the maestro's level): whatever type an order is, nobody takes it off the queue until a maestro
 * is back, and then it is picked up.
 */
class CrewAtLunchTest {

    private static final Duration MAX_WAIT = Duration.ofMillis(500);
    private static final Duration LUNCH = Duration.ofMillis(2500);

    @Test
    void withTheWholeCrewAtLunchNoTypeIsFetchedUntilTheyAreBack() throws Exception {
        Map<String, Object> settings = Map.of(
                "boxbox.sim.time-scale", "1",
                "boxbox.maestro.crew", "Enzo,Mattia",
                // room for more than one place per type: the idle types' pullers hold one in a fetch
                "boxbox.maestro.orders-per-person", "4",
                "boxbox.maestro.period-between-lunch", "0s",
                "boxbox.maestro.smoke-duration", "0s",
                "boxbox.maestro.max-wait", MAX_WAIT.toMillis() + "ms");
        try (MaestroUnderTest maestro = new MaestroUnderTest(settings)) {
            maestro.openThePass();
            Thread.sleep(300); // every puller is waiting in a fetch by now
            maestro.maestri().force(Optional.empty(), AbsenceKind.AT_LUNCH, LUNCH);
            // A place held in a fetch when the lunch was called keeps its maestro until the fetch ends.
            Thread.sleep(MAX_WAIT.plusMillis(200).toMillis());
            List<CrewMemberView> roster = maestro.maestri().roster();
            roster.forEach(m -> assertEquals("AT_LUNCH", m.state(), m.toString()));
            Instant backAt = maestro.maestri().firstBack().orElseThrow();

            List<Order> orders = List.of(maestro.place(MaestroUnderTest.delivery("hungry")),
                    maestro.place(MaestroUnderTest.takeout("starving")));
            Thread.sleep(500); // ten times the pullers' poll
            assertTrue(Instant.now().isBefore(backAt), "still checking during lunch (back at " + backAt + ")");
            for (Order order : orders) {
                assertEquals(List.of("RECEIVED"), maestro.states(order.orderId()), "nobody took it off the queue");
            }

            for (Order order : orders) {
                assertEquals(order.needsDriver() ? OrderState.DELIVERED : OrderState.READY_FOR_PICKUP,
                        maestro.awaitEnd(order.orderId()).state());
                JsonNode queued = maestro.events(order.orderId()).stream()
                        .filter(e -> e.get("state").asText().equals("QUEUED")).findFirst().orElseThrow();
                assertFalse(Instant.parse(queued.get("at").asText()).isBefore(backAt),
                        "picked up at " + queued.get("at") + ", lunch ended " + backAt);
            }
        }
    }
}
