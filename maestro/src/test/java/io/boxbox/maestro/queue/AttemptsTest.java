package io.boxbox.maestro.queue;

import com.fasterxml.jackson.databind.JsonNode;
import io.boxbox.maestro.testing.MaestroUnderTest;
import io.boxbox.pacchetto.order.Order;
import io.boxbox.pacchetto.order.OrderSnapshot;
import io.boxbox.pacchetto.order.OrderState;
import org.junit.jupiter.api.Test;

import io.boxbox.pacchetto.crew.AbsenceKind;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An attempt is a time someone really worked on the order, counted in the order's own record:
 * a maestro who went to lunch between counting the room and fetching does not burn one.
 */
class AttemptsTest {

    /**
     * One maestro who lunches for 200 ms after every 100 ms on duty, while orders arrive every
     * 250 ms: a lunch nearly always falls due while a fetch waits for the next order.
     */
    private static final Map<String, Object> HUNGRY_MAESTRO = Map.of(
            "boxbox.sim.time-scale", "1",
            "boxbox.maestro.crew", "Enzo",
            "boxbox.maestro.orders-per-person", "1",
            "boxbox.maestro.period-between-lunch", "100ms",
            "boxbox.maestro.lunch-duration", "200ms",
            "boxbox.maestro.smoke-duration", "0s",
            "boxbox.maestro.max-wait", "500ms");

    /**
     * Enzo is sent to lunch while the puller waits in a fetch, and an order arrives right then: the
     * puller must not receive an order it then refuses (a NAK that burns a JetStream delivery).
     */
    @Test
    void refusalsDoNotBurnAttempts() throws Exception {
        Map<String, Object> settings = Map.of(
                "boxbox.sim.time-scale", "1",
                "boxbox.maestro.crew", "Enzo",
                "boxbox.maestro.orders-per-person", "1",
                "boxbox.maestro.period-between-lunch", "0s",
                "boxbox.maestro.smoke-duration", "0s",
                "boxbox.maestro.max-wait", "2s");
        try (MaestroUnderTest maestro = new MaestroUnderTest(settings)) {
            maestro.openThePass();
            for (int i = 0; i < 5; i++) {
                Thread.sleep(200); // the puller is waiting in its fetch by now
                maestro.maestri().force(Optional.of("Enzo"), AbsenceKind.AT_LUNCH, Duration.ofMillis(300));
                Order order = maestro.place(MaestroUnderTest.takeout("tifoso-" + i));

                OrderSnapshot end = maestro.awaitEnd(order.orderId());
                assertEquals(OrderState.READY_FOR_PICKUP, end.state());
                for (JsonNode event : maestro.events(order.orderId())) {
                    assertTrue(event.get("attempt").asInt() <= 1,
                            "nobody worked on it twice, so it never left attempt 1: " + event);
                }
            }
        }
    }

    @Test
    void failedAfterNAttemptsMeansNRealAttempts() throws Exception {
        Map<String, Object> settings = new java.util.HashMap<>(HUNGRY_MAESTRO);
        settings.put("boxbox.maestro.stuck-after", "200ms");
        settings.put("boxbox.maestro.max-attempts", "3");
        settings.put("boxbox.nats.max-deliveries", "10");
        try (MaestroUnderTest maestro = new MaestroUnderTest(settings)) {
            maestro.kitchen().panettiereSleepsForever();
            maestro.openThePass();
            Order order = maestro.place(MaestroUnderTest.takeout("stroll"));

            assertEquals(OrderState.FAILED, maestro.awaitEnd(order.orderId()).state());
            List<JsonNode> events = maestro.events(order.orderId());
            String why = events.getLast().get("detail").asText();
            assertTrue(why.contains("after 3 attempts"), why);
            Set<Integer> worked = new TreeSet<>();
            for (JsonNode event : events) {
                if (event.get("state").asText().equals("WAITING_FOR_DOUGH")) {
                    worked.add(event.get("attempt").asInt());
                }
            }
            assertEquals(Set.of(1, 2, 3), worked, "each of the 3 attempts really asked for dough");
            assertEquals(3, events.getLast().get("attempt").asInt());
        }
    }
}
