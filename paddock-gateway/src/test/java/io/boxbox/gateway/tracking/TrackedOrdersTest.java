package io.boxbox.gateway.tracking;

import io.boxbox.pacchetto.gps.LocationFix;
import io.boxbox.pacchetto.order.Destination;
import io.boxbox.pacchetto.order.OrderEvent;
import io.boxbox.pacchetto.order.OrderSnapshot;
import io.boxbox.pacchetto.order.OrderState;
import io.boxbox.pacchetto.order.OrderType;
import io.boxbox.pacchetto.order.PizzaSize;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class TrackedOrdersTest {

    private static final String ORDER = "6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f";
    private static final Destination PADDOCK_GATE = new Destination("paddock_gate", "Paddock gate", 45.6228, 9.2849);
    private static final Instant T0 = Instant.parse("2026-09-07T13:00:00Z");

    private final TrackedOrders orders = new TrackedOrders();
    private final List<LocationUpdate> seen = new CopyOnWriteArrayList<>();

    @Test
    void onlyTheDriverNamedByThePickupIsRelayed() {
        Disposable stream = follow();
        orders.learn(event(OrderState.READY, "Sofia (chef-sim-1)", 1));
        assertEquals(TrackedOrders.Outcome.UNASSIGNED, orders.offer(fix("kimi", 45.621, 9.283)));
        orders.learn(event(OrderState.OUT_FOR_DELIVERY, "Kimi (driver-sim-1)", 2));

        assertEquals(TrackedOrders.Outcome.UNASSIGNED, orders.offer(fix("nico", 45.621, 9.283)));
        assertEquals(TrackedOrders.Outcome.RELAYED, orders.offer(fix("kimi", 45.621, 9.283)));
        assertEquals(1, seen.size());
        assertEquals("Kimi", seen.getFirst().driver());
        assertEquals(ORDER, seen.getFirst().orderId());

        orders.learn(event(OrderState.DELIVERED, "Kimi (driver-sim-1)", 3));
        assertEquals(TrackedOrders.Outcome.UNASSIGNED, orders.offer(fix("kimi", 45.6228, 9.2849)));
        stream.dispose();
    }

    @Test
    void aStreamReplayingTheHistoryDoesNotForgetTheCarrier() {
        Disposable live = follow();
        orders.learn(event(OrderState.OUT_FOR_DELIVERY, "Kimi (driver-sim-1)", 5));
        Disposable late = follow();
        orders.learn(event(OrderState.RECEIVED, "paddock-gateway", 1));
        orders.learn(event(OrderState.QUEUED, "Luca (maestro)", 2));
        assertEquals(TrackedOrders.Outcome.RELAYED, orders.offer(fix("kimi", 45.621, 9.283)));
        assertEquals(2, seen.size(), "both streams see it");
        live.dispose();
        late.dispose();
    }

    @Test
    void theEtaIsTheDistanceLeftAtTheReportedSpeedAndZeroAtTheDoor() {
        Disposable stream = follow();
        orders.learn(event(OrderState.OUT_FOR_DELIVERY, "Kimi (driver-sim-1)", 1));
        orders.offer(new LocationFix("kimi", ORDER, 45.6205, 9.2822, 40.0, 18.0, T0));
        orders.offer(new LocationFix("kimi", ORDER, 45.6216, 9.2835, 40.0, 18.0, T0.plusSeconds(1)));
        orders.offer(new LocationFix("kimi", ORDER, 45.6228, 9.2849, 40.0, 0.0, T0.plusSeconds(2)));
        orders.offer(new LocationFix("kimi", ORDER, 45.6216, 9.2835, 40.0, 0.0, T0.plusSeconds(3)));
        // 330 m at 18 km/h is 66 s; half way, half of it; at the door 0; stopped elsewhere unknown
        assertEquals(66, seen.get(0).etaSeconds(), 2);
        assertEquals(33, seen.get(1).etaSeconds(), 2);
        assertEquals(0, seen.get(2).etaSeconds());
        assertNull(seen.get(3).etaSeconds());
        stream.dispose();
    }

    @Test
    void nobodyFollowingMeansUnwatchedAndTheOrderIsForgottenWhenTheLastStreamLeaves() {
        assertEquals(TrackedOrders.Outcome.UNWATCHED, orders.offer(fix("kimi", 45.621, 9.283)));
        Disposable first = follow();
        Disposable second = follow();
        assertEquals(1, orders.followed());
        first.dispose();
        assertEquals(1, orders.followed());
        second.dispose();
        assertEquals(0, orders.followed());
    }

    @Test
    void theDriverIsReadFromTheActor() {
        assertEquals("Kimi", TrackedOrder.personOf("Kimi (driver-sim-1)"));
        assertEquals("Kimi", TrackedOrder.personOf("Kimi"));
    }

    private Disposable follow() {
        OrderSnapshot snapshot = new OrderSnapshot(ORDER, OrderState.RECEIVED, "charles", PizzaSize.MEDIUM, List.of(),
                null, OrderType.DELIVERY, PADDOCK_GATE, T0, T0, 1, null, null, null, null, null, null);
        return orders.follow(snapshot).subscribe(seen::add);
    }

    private static OrderEvent event(OrderState state, String actor, int second) {
        return new OrderEvent(ORDER, state, T0.plusSeconds(second), actor, "test", null, 1);
    }

    private static LocationFix fix(String driver, double lat, double lon) {
        return new LocationFix(driver, ORDER, lat, lon, 40.0, 18.0, T0);
    }
}
