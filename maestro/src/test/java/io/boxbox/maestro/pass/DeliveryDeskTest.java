package io.boxbox.maestro.pass;

import io.boxbox.maestro.kitchen.CollectedSpans;
import io.boxbox.maestro.kitchen.FakeKitchen;
import io.boxbox.maestro.kitchen.PrivateJournal;
import io.boxbox.pacchetto.jetstream.OrderJournal;
import io.boxbox.pacchetto.order.GeoPoint;
import io.boxbox.pacchetto.order.Order;
import io.boxbox.pacchetto.order.OrderState;
import io.boxbox.pacchetto.order.OrderType;
import io.boxbox.pacchetto.order.Transition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.time.Duration;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The delivery desk follows a ride to the door. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeliveryDeskTest {

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
    void rideLostAfterThePickupIsFollowedAgainNotRecordedTwice() throws Exception {
        try (FakeKitchen kitchen = new FakeKitchen(); KitchenLine line = new KitchenLine(kitchen, journal, new CollectedSpans())) {
            kitchen.driver.breakAfterPickup.set(1);
            Order order = journal.open(OrderType.DELIVERY);

            assertEquals(OrderState.DELIVERED, line.pass.run(order, "Enzo", false));

            assertEquals(2, kitchen.driver.taken.get(), "the ride was followed again");
            List<OrderState> history = journal.history(order.orderId());
            assertEquals(1, Collections.frequency(history, OrderState.OUT_FOR_DELIVERY), history.toString());
            assertEquals(0, Collections.frequency(history, OrderState.WAITING_FOR_DRIVER), history.toString());
            assertEquals(OrderState.DELIVERED, history.get(history.size() - 1));
        }
    }

    @Test
    void anOrderAlreadyOutIsFollowedToTheDoorWithoutASecondPickup() throws Exception {
        try (FakeKitchen kitchen = new FakeKitchen(); KitchenLine line = new KitchenLine(kitchen, journal, new CollectedSpans())) {
            Order order = journal.open(OrderType.DELIVERY);
            for (OrderState state : List.of(OrderState.QUEUED, OrderState.MAKING_DOUGH, OrderState.TOPPING,
                    OrderState.IN_OVEN, OrderState.READY, OrderState.OUT_FOR_DELIVERY)) {
                journal.journal().record(order.orderId(), Transition.to(state, "Enzo (maestro)", "attempt 1").byAttempt(1));
            }

            line.delivery.deliver(new Ticket(order, 2, "Mattia (maestro)")); // the maestro of attempt 1 died

            List<OrderState> history = journal.history(order.orderId());
            assertEquals(1, Collections.frequency(history, OrderState.OUT_FOR_DELIVERY), history.toString());
            assertEquals(OrderState.DELIVERED, history.get(history.size() - 1));
        }
    }

    @Test
    void positionStoreFailureDoesNotAbortTheDelivery() throws Exception {
        OrderJournal positionsDown = new OrderJournal(journal.connection(), Duration.ofSeconds(5), journal.json(), PrivateJournal.MAESTRO) {
            @Override
            public void trackDelivery(String orderId, String driver, GeoPoint position, long etaSeconds) throws IOException {
                throw new IOException("the deliveries bucket is unreachable");
            }
        };
        try (FakeKitchen kitchen = new FakeKitchen();
             KitchenLine line = new KitchenLine(kitchen, journal, positionsDown, new CollectedSpans())) {
            Order order = journal.open(OrderType.DELIVERY);

            assertEquals(OrderState.DELIVERED, line.pass.run(order, "Enzo", false));

            List<OrderState> history = journal.history(order.orderId());
            assertEquals(1, Collections.frequency(history, OrderState.OUT_FOR_DELIVERY), history.toString());
            assertEquals(OrderState.DELIVERED, history.get(history.size() - 1));
        }
    }
}
