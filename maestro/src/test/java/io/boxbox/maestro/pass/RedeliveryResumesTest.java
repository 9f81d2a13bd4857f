package io.boxbox.maestro.pass;

import com.fasterxml.jackson.databind.JsonNode;
import io.boxbox.maestro.testing.DeadMaestro;
import io.boxbox.maestro.testing.MaestroUnderTest;
import io.boxbox.pacchetto.order.IllegalTransitionException;
import io.boxbox.pacchetto.order.Order;
import io.boxbox.pacchetto.order.OrderState;
import io.boxbox.pacchetto.order.Transition;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A maestro dies (kill -9) with an order in its hands; JetStream redelivers it after the ack wait
 * and another maestro takes over from the order's last durable checkpoint.
 */
class RedeliveryResumesTest {

    @Test
    void redeliveryResumesFromDoughMade() throws Exception {
        try (MaestroUnderTest maestro = new MaestroUnderTest(Map.of())) {
            Order order = maestro.place(MaestroUnderTest.takeout("leclerc"));
            new DeadMaestro(maestro, order.orderId()).doughMade();
            maestro.openThePass();

            assertEquals(OrderState.READY_FOR_PICKUP, maestro.awaitEnd(order.orderId()).state());
            assertEquals(0, maestro.kitchen().doughsFor(order.orderId()), "the dough Gino made is not made again");
            assertEquals(1, maestro.kitchen().bakesFor(order.orderId()));
            assertEquals(2, maestro.snapshot(order.orderId()).orElseThrow().attempt());
        }
    }

    @Test
    void redeliveryResumesFromPizzaReady() throws Exception {
        try (MaestroUnderTest maestro = new MaestroUnderTest(Map.of())) {
            Order order = maestro.place(MaestroUnderTest.delivery("sainz"));
            new DeadMaestro(maestro, order.orderId()).pizzaReady();
            maestro.openThePass();

            assertEquals(OrderState.DELIVERED, maestro.awaitEnd(order.orderId()).state());
            assertEquals(0, maestro.kitchen().doughsFor(order.orderId()));
            assertEquals(0, maestro.kitchen().bakesFor(order.orderId()), "a ready pizza is not baked again");
            assertEquals(1, maestro.kitchen().ridesFor(order.orderId()));
            List<String> takenOver = statesOfAttempt(maestro.events(order.orderId()), 2);
            assertEquals(List.of("READY", "OUT_FOR_DELIVERY", "DELIVERED"), takenOver,
                    "attempt 2 goes on from the ready pizza");
        }
    }

    @Test
    void stateNeverGoesBackOnRedelivery() throws Exception {
        try (MaestroUnderTest maestro = new MaestroUnderTest(Map.of())) {
            Order order = maestro.place(MaestroUnderTest.takeout("hamilton"));
            new DeadMaestro(maestro, order.orderId()).inTheOven();
            maestro.openThePass();

            maestro.awaitEnd(order.orderId());
            List<JsonNode> events = maestro.events(order.orderId());
            List<String> states = events.stream().map(e -> e.get("state").asText()).toList();
            assertEquals(1, states.stream().filter("QUEUED"::equals).count(), "queued once, never again: " + states);
            JsonNode takeover = events.stream().filter(e -> e.get("attempt").asInt() == 2).findFirst().orElseThrow();
            assertEquals("IN_OVEN", takeover.get("state").asText(), "the takeover keeps the state: " + states);
            assertTrue(takeover.get("detail").asText().contains("attempt 2"), takeover.toString());
            for (int i = 1; i < events.size(); i++) {
                OrderState from = OrderState.valueOf(states.get(i - 1));
                OrderState to = OrderState.valueOf(states.get(i));
                assertTrue(from.canMoveTo(to), "never back: " + from + " → " + to + " in " + states);
            }
        }
    }

    @Test
    void orderPastTheOvenNeverCancellableAgain() throws Exception {
        try (MaestroUnderTest maestro = new MaestroUnderTest(Map.of())) {
            Order order = maestro.place(MaestroUnderTest.takeout("norris"));
            new DeadMaestro(maestro, order.orderId()).inTheOven();
            maestro.kitchen().holdTheDough();
            maestro.openThePass();

            // the pizza in the dead maestro's oven is lost: the new maestro has a fresh dough made
            assertTrue(maestro.kitchen().awaitDoughAsked(MaestroUnderTest.PATIENCE), "the pizza is remade");
            assertThrows(IllegalTransitionException.class, () -> maestro.journal().record(order.orderId(),
                    Transition.to(OrderState.CANCELLED, "norris (customer)", "cancelled by the customer")),
                    "an order that was in the oven stays uncancellable while it is remade");
            maestro.kitchen().letTheDoughGo();
            assertEquals(OrderState.READY_FOR_PICKUP, maestro.awaitEnd(order.orderId()).state());
            assertFalse(maestro.states(order.orderId()).contains("CANCELLED"));
        }
    }

    private static List<String> statesOfAttempt(List<JsonNode> events, int attempt) {
        return events.stream().filter(e -> e.get("attempt").asInt() == attempt).map(e -> e.get("state").asText()).toList();
    }

}
