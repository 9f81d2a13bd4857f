package io.boxbox.maestro.pass;

import io.boxbox.maestro.kitchen.CollectedSpans;
import io.boxbox.maestro.kitchen.FakeKitchen;
import io.boxbox.maestro.kitchen.PrivateJournal;
import io.boxbox.pacchetto.order.Order;
import io.boxbox.pacchetto.order.OrderState;
import io.boxbox.pacchetto.order.OrderType;
import io.boxbox.pacchetto.order.Transition;
import io.boxbox.pacchetto.telemetry.Telemetry;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A refused order waits, saying why from the typed fields of the refusal, not from its wording. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KitchenWaitTest {

    private PrivateJournal journal;

    @BeforeAll
    void startBroker() throws Exception {
        journal = new PrivateJournal();
    }

    @AfterAll
    void stopBroker() throws Exception {
        journal.close();
    }

    @Test
    void refusalWaitsWithTheTypedAbsenceReason() throws Exception {
        CollectedSpans spans = new CollectedSpans();
        try (FakeKitchen kitchen = new FakeKitchen(); KitchenLine line = new KitchenLine(kitchen, journal, spans)) {
            kitchen.panettiere.refusal = FakeKitchen.asleep("nobody on duty at panettiere: Gino asleep", true);
            kitchen.panettiere.refuseNext.set(1);
            Order order = journal.open(OrderType.TAKEOUT);
            journal.journal().record(order.orderId(), Transition.to(OrderState.QUEUED, "Enzo (maestro)", "on the pass"));

            DoughStation.MadeDough made = line.dough.makeDough(
                    new PizzaTicket(new Ticket(order, 1, "Enzo (maestro)"), order.pizzas().getFirst(), 1));

            assertEquals("Gino", made.panettiere());
            assertEquals(List.of("dough ordered from the panettiere", "dough made after waiting"),
                    journal.details(order.orderId(), OrderState.MAKING_DOUGH),
                    "the dough made after the wait is one entry, the dough checkpoint");
            assertEquals("Gino", journal.journal().find(order.orderId()).orElseThrow().pizza(1).panettiere());
            assertEquals(List.of("panettiere unavailable: nobody on duty at panettiere: Gino asleep"),
                    journal.details(order.orderId(), OrderState.WAITING_FOR_DOUGH));
            SpanData wait = spans.named("wait for dough").orElseThrow(() -> new AssertionError("no wait span"));
            assertEquals("panettiere unavailable: nobody on duty at panettiere: Gino asleep",
                    wait.getAttributes().get(Telemetry.WAIT_REASON));
            assertTrue(wait.getEvents().stream().map(EventData::getName).anyMatch("overslept"::equals),
                    "the wait does not show the oversleep: " + wait.getEvents());
        }
    }
}
