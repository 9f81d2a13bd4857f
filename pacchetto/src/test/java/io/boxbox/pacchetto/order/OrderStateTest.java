package io.boxbox.pacchetto.order;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OrderStateTest {

    @Test
    void aDeliveryCanWalkTheHappyPath() {
        assertWalks(List.of(OrderState.RECEIVED, OrderState.QUEUED, OrderState.MAKING_DOUGH, OrderState.TOPPING,
                OrderState.IN_OVEN, OrderState.READY, OrderState.OUT_FOR_DELIVERY, OrderState.DELIVERED));
    }

    @Test
    void waitsAndRemakesAreLegalDetours() {
        assertWalks(List.of(OrderState.RECEIVED, OrderState.QUEUED, OrderState.MAKING_DOUGH, OrderState.WAITING_FOR_DOUGH,
                OrderState.MAKING_DOUGH, OrderState.WAITING_FOR_CHEF, OrderState.TOPPING, OrderState.IN_OVEN,
                OrderState.REMAKING, OrderState.MAKING_DOUGH, OrderState.TOPPING, OrderState.IN_OVEN, OrderState.READY,
                OrderState.WAITING_FOR_DRIVER, OrderState.OUT_FOR_DELIVERY, OrderState.DELIVERED));
    }

    @Test
    void takeoutAndDineInEndAtTheCounterAndTheTable() {
        assertTrue(OrderState.READY.canMoveTo(OrderState.READY_FOR_PICKUP));
        assertTrue(OrderState.READY.canMoveTo(OrderState.SERVED));
    }

    @Test
    void stepsCannotBeSkipped() {
        assertFalse(OrderState.RECEIVED.canMoveTo(OrderState.READY));
        assertFalse(OrderState.MAKING_DOUGH.canMoveTo(OrderState.IN_OVEN));
        assertFalse(OrderState.TOPPING.canMoveTo(OrderState.READY));
        assertFalse(OrderState.IN_OVEN.canMoveTo(OrderState.OUT_FOR_DELIVERY));
    }

    @ParameterizedTest
    @EnumSource(value = OrderState.class, names = {"DELIVERED", "READY_FOR_PICKUP", "SERVED", "CANCELLED", "FAILED"})
    void anEndStateIsFinal(OrderState end) {
        for (OrderState next : OrderState.values()) {
            assertFalse(end.canMoveTo(next), end + " must not move to " + next);
        }
    }

    @Test
    void anOrderCanBeCancelledOnlyBeforeTheOven() {
        assertTrue(OrderState.TOPPING.canMoveTo(OrderState.CANCELLED));
        assertTrue(OrderState.QUEUED.canMoveTo(OrderState.CANCELLED));
        assertFalse(OrderState.IN_OVEN.canMoveTo(OrderState.CANCELLED));
        assertFalse(OrderState.OUT_FOR_DELIVERY.canMoveTo(OrderState.CANCELLED));
    }

    @Test
    void aTakeoverKeepsTheStateAndNeverQueuesTheOrderAgain() {
        for (OrderState state : OrderState.values()) {
            if (!state.isTerminal()) {
                assertTrue(state.canMoveTo(state), state + " → " + state + " (a takeover)");
                assertFalse(state != OrderState.RECEIVED && state != OrderState.QUEUED && state.canMoveTo(OrderState.QUEUED),
                        state + " must not go back to QUEUED");
            }
        }
    }

    @Test
    void anOrderThatWasInTheOvenIsNeverCancellableAgainEvenWhileRemade() {
        Order order = new Order("o-1", "charles", PizzaSize.SMALL, List.of(), Border.NONE, OrderType.TAKEOUT, null,
                java.time.Instant.EPOCH);
        OrderSnapshot snapshot = OrderSnapshot.received(order, null);
        for (OrderState state : List.of(OrderState.QUEUED, OrderState.MAKING_DOUGH, OrderState.TOPPING)) {
            snapshot = snapshot.withState(state, java.time.Instant.EPOCH);
        }
        assertTrue(snapshot.canMoveTo(OrderState.CANCELLED));
        for (OrderState state : List.of(OrderState.IN_OVEN, OrderState.REMAKING, OrderState.MAKING_DOUGH)) {
            snapshot = snapshot.withState(state, java.time.Instant.EPOCH);
        }
        assertFalse(snapshot.canMoveTo(OrderState.CANCELLED), "remade after the oven");
        assertFalse(snapshot.isCancellable());
        assertTrue(snapshot.canMoveTo(OrderState.FAILED));
        assertTrue(snapshot.remakes() == 1);
    }

    private static void assertWalks(List<OrderState> path) {
        for (int i = 1; i < path.size(); i++) {
            assertTrue(path.get(i - 1).canMoveTo(path.get(i)), path.get(i - 1) + " → " + path.get(i));
        }
    }
}
