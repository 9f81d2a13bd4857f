package io.boxbox.maestro.kitchen;

import com.fasterxml.jackson.databind.JsonNode;
import io.boxbox.maestro.testing.MaestroUnderTest;
import io.boxbox.maestro.testing.PanettiereReplica;
import io.boxbox.pacchetto.order.Order;
import io.boxbox.pacchetto.order.OrderState;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The maestro over two panettiere replicas (a static list of addresses): round_robin spreads the
 * doughs, health checking keeps a replica whose crew sleeps out of the rotation, and a replica
 * that refuses sends the call on to the other at once; the maestro records a wait only when no
 * replica can make the dough. Orders go one at a time, so which replica round_robin picks next
 * is never a race between orders.
 */
class PanettiereReplicasTest {

    @Test
    void aReplicaWhoseCrewSleepsGetsNoDoughUntilItIsBackAndNobodyWaits() throws Exception {
        try (PanettiereReplica gino = new PanettiereReplica("Gino");
             PanettiereReplica pina = new PanettiereReplica("Pina");
             MaestroUnderTest maestro = maestroOver(gino, pina)) {
            maestro.openThePass();
            bake(maestro, 6);
            assertTrue(gino.doughsMade() > 0 && pina.doughsMade() > 0,
                    "both replicas make dough: Gino " + gino.doughsMade() + ", Pina " + pina.doughsMade());
            gino.fallsAsleep();
            int ginoBefore = gino.doughsMade();
            int pinaBefore = pina.doughsMade();
            List<Order> whileAsleep = bake(maestro, 8);
            assertEquals(ginoBefore, gino.doughsMade(), "Gino's replica made dough while its crew slept");
            assertEquals(pinaBefore + 8, pina.doughsMade(), "every dough went to Pina's replica");
            // Health checking, not the retry, kept the calls away: only a call that raced the
            // NOT_SERVING on its way to the maestro can reach the sleeping replica (and be refused,
            // then retried on Pina). Without health checking about half the calls go there (7 of 8 seen).
            assertTrue(gino.refusals() <= 2, "calls to the sleeping replica: " + gino.refusals());
            for (Order order : whileAsleep) {
                assertTrue(!maestro.states(order.orderId()).contains("WAITING_FOR_DOUGH"),
                        "no wait recorded: " + maestro.states(order.orderId()));
            }

            gino.backOnDuty();
            int ginoAsleep = gino.doughsMade();
            for (int i = 0; i < 20 && gino.doughsMade() == ginoAsleep; i++) {
                bake(maestro, 1);
            }
            assertTrue(gino.doughsMade() > ginoAsleep, "Gino's replica gets doughs again once it serves");
        }
    }

    @Test
    void aBusyReplicaSendsTheDoughToTheOtherAtOnceInsteadOfWaitingItsHint() throws Exception {
        try (PanettiereReplica gino = new PanettiereReplica("Gino");
             PanettiereReplica pina = new PanettiereReplica("Pina");
             MaestroUnderTest maestro = maestroOver(gino, pina)) {
            maestro.openThePass();
            // Both replicas connected first: round_robin picks only among ready subchannels, and a
            // maestro that bakes quickly can finish its orders before the second one is up.
            for (int i = 0; i < 50 && (gino.doughsMade() == 0 || pina.doughsMade() == 0); i++) {
                bake(maestro, 1);
            }
            assertTrue(gino.doughsMade() > 0 && pina.doughsMade() > 0, "both replicas connected");
            int pinaBefore = pina.doughsMade();
            gino.isBusy();
            List<Order> orders = bake(maestro, 6);
            assertEquals(pinaBefore + 6, pina.doughsMade(), "every dough made by the free replica");
            assertTrue(gino.refusals() > 0, "round_robin did try the busy replica");
            for (Order order : orders) {
                List<String> states = maestro.states(order.orderId());
                assertTrue(!states.contains("WAITING_FOR_DOUGH"), "the refusal went on to Pina, no wait: " + states);
            }
        }
    }

    @Test
    void withEveryReplicaAsleepTheMaestroWaitsWithTheCrewsOwnReason() throws Exception {
        try (PanettiereReplica gino = new PanettiereReplica("Gino");
             PanettiereReplica pina = new PanettiereReplica("Pina");
             MaestroUnderTest maestro = maestroOver(gino, pina)) {
            maestro.openThePass();
            bake(maestro, 2); // both replicas connected and health-checked
            gino.fallsAsleep();
            pina.fallsAsleep();
            Order order = maestro.place(MaestroUnderTest.takeout("patient"));
            JsonNode wait = awaitWait(maestro, order);
            String reason = wait.get("detail").asText();
            assertTrue(reason.startsWith("panettiere unavailable: nobody on duty at panettiere: "),
                    "the crew's own refusal, not the health check's: " + reason);
            pina.backOnDuty();
            assertEquals(OrderState.READY_FOR_PICKUP, maestro.awaitEnd(order.orderId()).state());
        }
    }

    private static MaestroUnderTest maestroOver(PanettiereReplica... replicas) throws Exception {
        String list = String.join(",", java.util.Arrays.stream(replicas).map(PanettiereReplica::address).toList());
        return new MaestroUnderTest(Map.of("grpc.channels.panettiere.address", list));
    }

    /** Places {@code count} one-pizza takeouts one after another, each to its end. */
    private static List<Order> bake(MaestroUnderTest maestro, int count) throws Exception {
        List<Order> orders = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            Order order = maestro.place(MaestroUnderTest.takeout("tifoso-" + i));
            assertEquals(OrderState.READY_FOR_PICKUP, maestro.awaitEnd(order.orderId()).state());
            orders.add(order);
        }
        return orders;
    }

    private static JsonNode awaitWait(MaestroUnderTest maestro, Order order) throws Exception {
        java.time.Instant deadline = java.time.Instant.now().plus(MaestroUnderTest.PATIENCE);
        while (java.time.Instant.now().isBefore(deadline)) {
            for (JsonNode event : maestro.events(order.orderId())) {
                if (event.get("state").asText().equals("WAITING_FOR_DOUGH")) {
                    return event;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no wait recorded: " + maestro.states(order.orderId()));
    }
}
