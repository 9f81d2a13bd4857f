package io.boxbox.gateway.timeline;

import io.boxbox.pacchetto.order.Border;
import io.boxbox.pacchetto.order.Order;
import io.boxbox.pacchetto.order.OrderEvent;
import io.boxbox.pacchetto.order.OrderSnapshot;
import io.boxbox.pacchetto.order.OrderType;
import io.boxbox.pacchetto.order.PizzaItem;
import io.boxbox.pacchetto.order.PizzaSize;
import io.boxbox.pacchetto.order.OrderState;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.boxbox.pacchetto.order.OrderState.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class WhyItTookThisLongTest {

    private static final String ID = "0b6f3c1e-8d0a-4c36-9a59-3f3c1d0e5a7b";
    private static final Instant T0 = Instant.parse("2026-12-02T12:00:00Z");
    private static final String GINO_OVERSLEPT = "panettiere unavailable: nobody on duty at panettiere: Gino asleep until"
            + " 2026-12-02T12:03:00.123Z (oversleep); Pina at lunch until 2026-12-02T12:04:00Z";

    private final List<OrderEvent> events = new ArrayList<>();

    private void at(long seconds, OrderState state, String actor, String detail) {
        at(seconds, state, actor, detail, null, 1);
    }

    private void at(long seconds, OrderState state, String actor, String detail, Integer pizza, int attempt) {
        events.add(new OrderEvent(ID, state, T0.plusSeconds(seconds), actor, "test", detail, attempt, events.size() + 1,
                null, pizza));
    }

    private List<String> why(double timeScale) {
        return new WhyItTookThisLong(timeScale).explain(events, Stages.of(events, T0.plusSeconds(3600)));
    }

    @Test
    void aWaitForDoughNamesWhoWasAwayInPlainWords() {
        at(0, RECEIVED, "paddock-gateway", "order accepted");
        at(0, QUEUED, "Enzo (maestro-1)", null);
        at(5, WAITING_FOR_DOUGH, "Enzo (maestro-1)", GINO_OVERSLEPT);
        at(165, MAKING_DOUGH, "Gino (panettiere-1)", null);
        at(170, TOPPING, "Sofia (chef-sim-1)", null);
        at(175, IN_OVEN, "Sofia (chef-sim-1)", null);
        at(180, READY_FOR_PICKUP, "Enzo (maestro-1)", null);
        assertEquals(List.of("waited 2 min 40 s for dough: Gino overslept, Pina was at lunch"), why(1.0));
    }

    @Test
    void stagesRunFromOneStateToTheNextAndRepeatedEntriesShareAStage() {
        at(0, RECEIVED, "paddock-gateway", "order accepted");
        at(2, QUEUED, "Enzo (maestro-1)", null);
        at(3, WAITING_FOR_CHEF, "Enzo (maestro-1)", "chef-sim resource_exhausted: everyone on duty at chef-sim is busy");
        at(13, WAITING_FOR_CHEF, "Enzo (maestro-1)", "chef-sim unavailable: nobody on duty at chef-sim: Massimo smoking"
                + " until 2026-12-02T12:01:00Z; Sofia on break until 2026-12-02T12:01:00Z (overbreak)");
        at(45, TOPPING, "Massimo (chef-sim-1)", null);
        List<Stage> stages = Stages.of(events, T0.plusSeconds(60));
        assertEquals(List.of(RECEIVED, QUEUED, WAITING_FOR_CHEF, TOPPING), stages.stream().map(Stage::state).toList());
        Stage waiting = stages.get(2);
        assertEquals(42_000, waiting.durationMs());
        assertEquals(2, waiting.reasons().size());
        Stage current = stages.get(3);
        assertNull(current.to(), "the order is still being topped");
        assertEquals(15_000, current.durationMs(), "runs to now");
        assertEquals(List.of("waited 2.0 s on the queue before a maestro took it",
                "waited 42 s for a chef: everyone was busy; then Massimo was smoking, Sofia took a long break"), why(1.0));
    }

    @Test
    void remakesAndStockWaitsNameTheirPizza() {
        at(0, RECEIVED, "paddock-gateway", "order accepted");
        at(0, QUEUED, "Enzo (maestro-1)", null);
        at(1, WAITING_FOR_STOCK, "Enzo (maestro-1)", "chef-sim failed_precondition: out of stock: basil, mozzarella"
                + " (the supplier is expected by 2026-12-02T12:05:00Z)", 2, 1);
        at(31, TOPPING, "Sofia (chef-sim-1)", null, 2, 1);
        at(40, IN_OVEN, "Sofia (chef-sim-1)", null, 2, 1);
        at(50, REMAKING, "Sofia (chef-sim-1)", "burnt: left in too long", 2, 1);
        at(51, MAKING_DOUGH, "Gino (panettiere-1)", null, 2, 1);
        at(60, SERVED, "Enzo (maestro-1)", null);
        assertEquals(List.of("waited 30 s for stock (pizza 2): out of basil, mozzarella",
                "pizza 2 was made again: burnt: left in too long"), why(1.0));
        assertEquals("pizza 2: burnt: left in too long", Stages.of(events, T0).get(5).reasons().getFirst());
    }

    @Test
    void aRemakeHiddenUnderALowerPizzaIsStillNamed() {
        Order order = new Order(ID, "BB-20261202-0042", "charles",
                List.of(new PizzaItem(PizzaSize.MEDIUM, List.of("tomato"), Border.NONE, 2)), OrderType.TAKEOUT, null, T0, null);
        OrderSnapshot remade = OrderSnapshot.received(order, null).withPizzaAt(1, WAITING_FOR_STOCK).withPizzaAt(2, REMAKING);
        at(0, RECEIVED, "paddock-gateway", "order accepted");
        at(0, QUEUED, "Enzo (maestro-1)", null);
        events.add(new OrderEvent(ID, WAITING_FOR_STOCK, T0.plusSeconds(10), "Sofia (chef-sim-1)", "test",
                "burnt: left in too long", 1, 3, remade, 2));
        assertEquals(List.of("pizza 2 was made again: burnt: left in too long",
                "waited 59 min 50 s for stock"), why(1.0));
    }

    @Test
    void aRideFarLongerThanItsEtaIsCalledADetourAndATakeoverIsNamed() {
        at(0, RECEIVED, "paddock-gateway", "order accepted");
        at(0, QUEUED, "Enzo (maestro-1)", null);
        at(1, READY, "Enzo (maestro-1)", null);
        at(2, WAITING_FOR_DRIVER, "Enzo (maestro-1)", "driver-sim resource_exhausted: everyone on duty at driver-sim is busy");
        at(12, WAITING_FOR_DRIVER, "Mattia (maestro-2)", "driver-sim resource_exhausted: everyone on duty at driver-sim is busy", null, 2);
        at(20, OUT_FOR_DELIVERY, "Kimi (driver-sim-1)", "picked up for Paddock gate, ETA 60 s", null, 2);
        at(200, DELIVERED, "Kimi (driver-sim-1)", "delivered to Paddock gate", null, 2);
        assertEquals(List.of("attempt 2: Mattia took the order over after its maestro stopped working on it",
                "waited 18 s for a driver: everyone was busy",
                "the ride took 3 min, against 1 min expected at the pickup: Kimi took a detour or rode slowly"), why(1.0));
        // at time scale 3 the ETA of 60 simulated seconds is 3 min on the wall clock: the ride was on time
        assertEquals(2, why(3.0).size());
        assertEquals(2, why(0).size(), "at scale 0 there is no ETA to compare with");
    }

    @Test
    void aQuickOrderHasNothingToExplainAndDurationsReadPlainly() {
        at(0, RECEIVED, "paddock-gateway", "order accepted");
        at(0, QUEUED, "Enzo (maestro-1)", null);
        at(0, SERVED, "Enzo (maestro-1)", null);
        assertEquals(List.of("no waits: every stage went straight through"), why(1.0));
        assertEquals("40 ms", PlainDuration.of(40));
        assertEquals("2.5 s", PlainDuration.of(2_500));
        assertEquals("2 min 40 s", PlainDuration.of(160_000));
        assertEquals("2 min", PlainDuration.of(120_000));
        assertEquals("1 h 5 min", PlainDuration.of(3_900_000));
    }

    @Test
    void failuresAndCancelsSayHowItEnded() {
        at(0, RECEIVED, "paddock-gateway", "order accepted");
        at(5, CANCELLED, "charles", "cancelled by the customer");
        assertEquals(List.of("cancelled by charles"), why(1.0));
        events.clear();
        at(0, RECEIVED, "paddock-gateway", "order accepted");
        at(0, QUEUED, "Enzo (maestro-1)", null);
        at(9, FAILED, "Enzo (maestro-1)", "gave up after 5 attempts: chef-sim unavailable");
        assertEquals(List.of("it failed: gave up after 5 attempts: chef-sim unavailable"), why(1.0));
    }
}
