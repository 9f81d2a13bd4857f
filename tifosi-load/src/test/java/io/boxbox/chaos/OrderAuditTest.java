package io.boxbox.chaos;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The audit's checks bite: each broken history gives its finding, and a clean one gives none. */
class OrderAuditTest {

    private static final Instant T0 = Instant.parse("2026-12-01T20:00:00Z");
    private static final String ID = "order-1";

    /** A synthetic history: each state one second after the previous, in stream order. */
    private static final class History {
        private final List<RecordedEvent> events = new ArrayList<>();

        History then(String state) {
            return then(state, null, "Kimi");
        }

        History then(String state, String detail) {
            return then(state, detail, "Kimi");
        }

        History then(String state, String detail, String driver) {
            int n = events.size();
            events.add(new RecordedEvent(100 + n, ID, state, T0.plusSeconds(n), "someone", detail, 1, driver));
            return this;
        }

        /** Pizza {@code number} at {@code stage}; the order (its slowest pizza) at {@code orderState}. */
        History pizza(int number, String stage, String orderState, String detail) {
            int n = events.size();
            events.add(new RecordedEvent(100 + n, ID, orderState, T0.plusSeconds(n), "someone", detail, 1, "Kimi",
                    number, stage));
            return this;
        }

        History pizza(int number, String stage, String orderState) {
            return pizza(number, stage, orderState, null);
        }

        Map<String, List<RecordedEvent>> record() {
            return Map.of(ID, events);
        }
    }

    private static History delivered() {
        return new History().then("RECEIVED").then("QUEUED").then("MAKING_DOUGH").then("TOPPING").then("IN_OVEN")
                .then("READY").then("OUT_FOR_DELIVERY").then("DELIVERED");
    }

    private static AuditReport audit(History history, Fault... faults) {
        return new OrderAudit(List.of(faults), List.of()).audit(Set.of(ID), history.record());
    }

    private static List<Finding.Kind> kinds(AuditReport report) {
        return report.findings().stream().map(Finding::kind).toList();
    }

    @Test
    void aStraightDeliveryIsClean() {
        AuditReport report = audit(delivered());
        assertTrue(report.clean(), report.findings().toString());
        assertEquals(1, report.ends().get(io.boxbox.pacchetto.order.OrderState.DELIVERED));
    }

    @Test
    void waitsAndABurntPizzaRemadeFromTheDoughAreClean() {
        History history = new History().then("RECEIVED").then("QUEUED").then("MAKING_DOUGH")
                .then("WAITING_FOR_DOUGH", "Gino is asleep").then("MAKING_DOUGH", "dough made after waiting")
                .then("WAITING_FOR_CHEF").then("TOPPING").then("IN_OVEN").then("REMAKING", "burnt: too long")
                .then("MAKING_DOUGH").then("TOPPING").then("IN_OVEN").then("READY").then("WAITING_FOR_DRIVER")
                .then("OUT_FOR_DELIVERY").then("DELIVERED");
        AuditReport report = audit(history);
        assertTrue(report.clean(), report.findings().toString());
        assertEquals(1, report.burnt());
    }

    @Test
    void oneDoughRecordedAsAskedForMadeAfterWaitingAndMadeIsOneDough() {
        History history = new History().then("RECEIVED").then("QUEUED").then("MAKING_DOUGH", "dough ordered")
                .then("WAITING_FOR_DOUGH", "everyone is busy").then("MAKING_DOUGH", "dough made after waiting")
                .then("MAKING_DOUGH", "dough made").then("TOPPING").then("IN_OVEN").then("READY").then("SERVED");
        AuditReport report = audit(history);
        assertTrue(report.clean(), report.findings().toString());
    }

    @Test
    void aDoughAskedForAgainAfterTheOrderLeftTheDoughStationIsASecondDough() {
        History history = new History().then("RECEIVED").then("QUEUED").then("MAKING_DOUGH", "dough made")
                .then("WAITING_FOR_CHEF").then("QUEUED", "back on the pass").then("MAKING_DOUGH", "dough ordered")
                .then("TOPPING").then("IN_OVEN").then("READY").then("SERVED");
        assertEquals(List.of(Finding.Kind.STATE_BACK, Finding.Kind.REMADE_UNEXPLAINED),
                kinds(audit(history)).stream().sorted().toList());
    }

    @Test
    void aDoubledEndIsFound() {
        AuditReport report = audit(delivered().then("DELIVERED", "recorded again"));
        assertEquals(List.of(Finding.Kind.ENDED_TWICE), kinds(report));
        assertFalse(report.clean());
    }

    @Test
    void anEventAfterTheEndIsFound() {
        AuditReport report = audit(delivered().then("QUEUED", "back on the pass (attempt 2)"));
        assertEquals(List.of(Finding.Kind.END_NOT_LAST), kinds(report));
    }

    @Test
    void twoDriversAreFound() {
        History history = new History().then("RECEIVED").then("QUEUED").then("MAKING_DOUGH").then("TOPPING")
                .then("IN_OVEN").then("READY").then("OUT_FOR_DELIVERY", null, "Kimi")
                .then("OUT_FOR_DELIVERY", null, "Nico").then("DELIVERED");
        AuditReport report = audit(history, Fault.kill("maestro", T0.plusSeconds(6)), Fault.kill("chef-sim", T0.plusSeconds(9)));
        assertEquals(List.of(Finding.Kind.TWO_DRIVERS), kinds(report));
        assertTrue(report.findings().getFirst().message().endsWith("[last fault before it: kill -9 maestro at "
                + T0.plusSeconds(6) + "]"), "names the fault to look at first: " + report.findings().getFirst().message());
    }

    @Test
    void aStateGoingBackIsFound() {
        History history = new History().then("RECEIVED").then("QUEUED").then("MAKING_DOUGH").then("TOPPING")
                .then("IN_OVEN").then("READY").then("QUEUED", "back on the pass (attempt 2)")
                .then("READY", "pizza from the previous attempt is still good").then("OUT_FOR_DELIVERY").then("DELIVERED");
        AuditReport report = audit(history);
        assertEquals(List.of(Finding.Kind.STATE_BACK), kinds(report), "one finding per order");
        assertTrue(report.findings().getFirst().message().startsWith("READY (#105) then QUEUED (#106)"),
                report.findings().getFirst().message());
    }

    @Test
    void aRemakeAfterTheOvenWithoutABurntPizzaIsFound() {
        History history = new History().then("RECEIVED").then("QUEUED").then("MAKING_DOUGH").then("TOPPING")
                .then("IN_OVEN").then("REMAKING", "pizza lost mid-bake: chef-sim unavailable")
                .then("MAKING_DOUGH").then("TOPPING").then("IN_OVEN").then("READY").then("OUT_FOR_DELIVERY")
                .then("DELIVERED");
        AuditReport report = audit(history);
        assertEquals(List.of(Finding.Kind.REMADE_UNEXPLAINED, Finding.Kind.REMADE_UNEXPLAINED), kinds(report),
                "the second dough and the second pizza");
    }

    @Test
    void aPizzaLostWithAKilledChefSimIsExplained() {
        History history = new History().then("RECEIVED").then("QUEUED").then("MAKING_DOUGH").then("TOPPING")
                .then("IN_OVEN").then("REMAKING", "pizza lost mid-bake: chef-sim unavailable")
                .then("MAKING_DOUGH").then("TOPPING").then("IN_OVEN").then("READY").then("OUT_FOR_DELIVERY")
                .then("DELIVERED");
        AuditReport report = audit(history, Fault.kill("chef-sim", T0.plusSeconds(4)));
        assertTrue(report.clean(), report.findings().toString());
        assertEquals(2, report.explainedRemakes());
    }

    @Test
    void aKillOfAnotherServiceOrOutsideTheWindowExplainsNoRemake() {
        History history = new History().then("RECEIVED").then("QUEUED").then("MAKING_DOUGH").then("TOPPING")
                .then("IN_OVEN").then("REMAKING", "the chef's stream ended before the pizza was ready")
                .then("TOPPING").then("IN_OVEN").then("READY").then("SERVED");
        AuditReport report = audit(history, Fault.kill("paddock-gateway", T0.plusSeconds(4)),
                Fault.kill("chef-sim", T0.plusSeconds(60)), Fault.natsRestart(T0.plusSeconds(4)));
        assertEquals(List.of(Finding.Kind.REMADE_UNEXPLAINED), kinds(report));
        assertTrue(report.findings().getFirst().message().contains("[faults in between: [kill -9 paddock-gateway"),
                "names the faults that do not explain it: " + report.findings().getFirst().message());
    }

    @Test
    void aDoughAskedAgainWhileThePanettiereIsStillDownIsExplained() {
        History history = new History().then("RECEIVED").then("QUEUED").then("MAKING_DOUGH")
                .then("QUEUED", "back on the pass (attempt 2)").then("MAKING_DOUGH").then("TOPPING").then("IN_OVEN")
                .then("READY").then("SERVED");
        Fault killedBeforeTheFirstAsk = Fault.kill("panettiere", T0.minusSeconds(1)).backAt(T0.plusSeconds(3));
        assertEquals(List.of(Finding.Kind.STATE_BACK), kinds(audit(history, killedBeforeTheFirstAsk)),
                "the dough is explained; the customer still saw the order go back");
        Fault backBeforeTheFirstAsk = Fault.kill("panettiere", T0.minusSeconds(2)).backAt(T0.minusSeconds(1));
        assertEquals(List.of(Finding.Kind.STATE_BACK, Finding.Kind.REMADE_UNEXPLAINED),
                kinds(audit(history, backBeforeTheFirstAsk)).stream().sorted().toList());
    }

    /** Two pizzas side by side, the order at the slower one: pizza 2 burns, waits for stock and is remade alone. */
    private static History twoPizzasOneBurnt() {
        return new History().then("RECEIVED").then("QUEUED")
                .pizza(1, "MAKING_DOUGH", "QUEUED", "dough ordered from the panettiere")
                .pizza(2, "MAKING_DOUGH", "MAKING_DOUGH", "dough ordered from the panettiere")
                .pizza(1, "MAKING_DOUGH", "MAKING_DOUGH", "dough made")
                .pizza(2, "MAKING_DOUGH", "MAKING_DOUGH", "dough made")
                .pizza(1, "TOPPING", "MAKING_DOUGH").pizza(2, "TOPPING", "TOPPING")
                .pizza(1, "IN_OVEN", "TOPPING").pizza(2, "IN_OVEN", "IN_OVEN")
                .pizza(2, "REMAKING", "REMAKING", "burnt: Sofia forgot it in the oven")
                .pizza(1, "READY", "REMAKING")
                .pizza(2, "MAKING_DOUGH", "MAKING_DOUGH", "dough ordered from the panettiere")
                .pizza(2, "WAITING_FOR_STOCK", "WAITING_FOR_STOCK", "panettiere out of stock: flour")
                .pizza(2, "MAKING_DOUGH", "MAKING_DOUGH", "dough made after waiting")
                .pizza(2, "TOPPING", "TOPPING").pizza(2, "IN_OVEN", "IN_OVEN").pizza(2, "READY", "READY")
                .then("OUT_FOR_DELIVERY").then("DELIVERED");
    }

    @Test
    void twoPizzasSideBySideWithOneBurntAndRemadeAloneAreClean() {
        AuditReport report = audit(twoPizzasOneBurnt());
        assertTrue(report.clean(), report.findings().toString());
        assertEquals(1, report.burnt());
    }

    @Test
    void aBurntPizzaDoesNotExplainAnotherPizzasSecondDough() {
        History history = new History().then("RECEIVED").then("QUEUED")
                .pizza(1, "MAKING_DOUGH", "QUEUED", "dough made").pizza(2, "MAKING_DOUGH", "MAKING_DOUGH", "dough made")
                .pizza(1, "TOPPING", "MAKING_DOUGH").pizza(2, "TOPPING", "TOPPING")
                .pizza(2, "IN_OVEN", "TOPPING").pizza(2, "REMAKING", "REMAKING", "burnt: too long")
                .pizza(1, "REMAKING", "REMAKING", "the chef's stream ended before the pizza was ready")
                .pizza(1, "MAKING_DOUGH", "REMAKING", "dough made").pizza(2, "MAKING_DOUGH", "MAKING_DOUGH", "dough made")
                .pizza(1, "TOPPING", "MAKING_DOUGH").pizza(2, "TOPPING", "TOPPING")
                .pizza(1, "IN_OVEN", "TOPPING").pizza(2, "IN_OVEN", "IN_OVEN")
                .pizza(1, "READY", "IN_OVEN").pizza(2, "READY", "READY").then("SERVED");
        AuditReport report = audit(history);
        assertEquals(List.of(Finding.Kind.REMADE_UNEXPLAINED, Finding.Kind.REMADE_UNEXPLAINED), kinds(report),
                "pizza 1's second dough and second topping: only pizza 2 burnt");
        assertTrue(report.findings().stream().allMatch(f -> f.message().contains("pizza 1")), report.findings().toString());
        assertEquals(1, report.burnt());
    }

    @Test
    void aPizzaGoingBackIsFoundThoughTheOrderMovesForward() {
        History history = new History().then("RECEIVED").then("QUEUED")
                .pizza(1, "MAKING_DOUGH", "QUEUED").pizza(2, "MAKING_DOUGH", "MAKING_DOUGH")
                .pizza(1, "TOPPING", "MAKING_DOUGH").pizza(1, "IN_OVEN", "MAKING_DOUGH")
                .pizza(1, "TOPPING", "MAKING_DOUGH", "topped again with no remake")
                .pizza(2, "TOPPING", "TOPPING").pizza(1, "IN_OVEN", "TOPPING").pizza(2, "IN_OVEN", "IN_OVEN")
                .pizza(1, "READY", "IN_OVEN").pizza(2, "READY", "READY").then("SERVED");
        List<Finding.Kind> kinds = kinds(audit(history)).stream().sorted().toList();
        assertEquals(List.of(Finding.Kind.STATE_BACK, Finding.Kind.REMADE_UNEXPLAINED), kinds);
        assertTrue(audit(history).findings().stream().anyMatch(f -> f.message().startsWith("pizza 1: IN_OVEN (#105) then TOPPING (#106)")),
                audit(history).findings().toString());
    }

    @Test
    void anAcceptedOrderWithoutARecordIsMissing() {
        AuditReport report = new OrderAudit(List.of(), List.of()).audit(Set.of(ID, "order-2"), delivered().record());
        assertEquals(List.of(Finding.Kind.MISSING), kinds(report));
        assertEquals("order-2", report.findings().getFirst().orderId());
    }

    @Test
    void anOrderThatNeverEndsIsFound() {
        History history = new History().then("RECEIVED").then("QUEUED").then("MAKING_DOUGH");
        assertEquals(List.of(Finding.Kind.NEVER_ENDED), kinds(audit(history)));
    }

    @Test
    void aFailedOrderIsFoundUnlessTheRunFailedItOnPurpose() {
        History history = new History().then("RECEIVED").then("QUEUED").then("MAKING_DOUGH")
                .then("FAILED", "no progress for 10m: panettiere unavailable");
        assertEquals(List.of(Finding.Kind.UNEXPECTED_END), kinds(audit(history)));
        AuditReport onPurpose = new OrderAudit(List.of(), List.of("no progress")).audit(Set.of(ID), history.record());
        assertTrue(onPurpose.clean(), onPurpose.findings().toString());
    }

    @Test
    void theSummaryComesLastAndSaysNotClean() {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        audit(delivered().then("DELIVERED")).print(new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8));
        List<String> lines = bytes.toString(java.nio.charset.StandardCharsets.UTF_8).lines().toList();
        assertTrue(lines.getLast().startsWith("== chaos audit NOT CLEAN"), lines.getLast());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("ENDED_TWICE " + ID)), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.contains("#107 DELIVERED")), "the order's record is printed");
    }
}
