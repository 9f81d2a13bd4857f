package io.boxbox.maestro.pass;

import io.boxbox.maestro.kitchen.CollectedSpans;
import io.boxbox.maestro.kitchen.FakeKitchen;
import io.boxbox.maestro.kitchen.PrivateJournal;
import io.boxbox.pacchetto.order.Order;
import io.boxbox.pacchetto.order.OrderState;
import io.boxbox.pacchetto.order.OrderType;
import io.boxbox.pacchetto.jetstream.OrderJournal;
import io.boxbox.pacchetto.order.OrderSnapshot;
import io.boxbox.pacchetto.order.Transition;
import io.nats.client.JetStreamApiException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A customer's cancel stops the kitchen: no call goes on for a cancelled order, and none is started. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KitchenCancelTest {

    private static final long GENEROUS = 20;

    private PrivateJournal journal;
    private FakeKitchen kitchen;
    private KitchenLine line;
    private final ExecutorService maestri = Executors.newVirtualThreadPerTaskExecutor();

    @BeforeAll
    void startBroker() throws Exception {
        journal = new PrivateJournal();
    }

    @BeforeEach
    void openKitchen() throws Exception {
        kitchen = new FakeKitchen();
        line = new KitchenLine(kitchen, journal, new CollectedSpans());
    }

    @AfterEach
    void closeKitchen() throws Exception {
        line.close();
        kitchen.close();
    }

    @AfterAll
    void stopBroker() throws Exception {
        maestri.shutdownNow();
        journal.close();
    }

    @Test
    void cancelDuringMakingDoughNeverCallsTheChef() throws Exception {
        kitchen.panettiere.hold = true;
        Order order = journal.open(OrderType.TAKEOUT);
        Future<OrderState> run = maestri.submit(() -> line.pass.run(order, "Enzo", false));
        assertTrue(kitchen.panettiere.holding.await(GENEROUS, TimeUnit.SECONDS), "the panettiere got the order");

        journal.cancel(order.orderId());

        assertEquals(OrderState.CANCELLED, run.get(GENEROUS, TimeUnit.SECONDS));
        assertTrue(kitchen.panettiere.hangUp.await(GENEROUS, TimeUnit.SECONDS), "the panettiere's call was cancelled");
        assertEquals(0, kitchen.chef.taken.get(), "the chef was called for a cancelled order");
        assertNeverTopped(order);
    }

    @Test
    void cancelDuringWaitingForDoughNeverCallsTheChef() throws Exception {
        kitchen.panettiere.refuseNext.set(Integer.MAX_VALUE);
        Order order = journal.open(OrderType.TAKEOUT);
        Future<OrderState> run = maestri.submit(() -> line.pass.run(order, "Enzo", false));
        journal.awaitState(order.orderId(), OrderState.WAITING_FOR_DOUGH);

        journal.cancel(order.orderId());
        kitchen.panettiere.refuseNext.set(0);

        assertEquals(OrderState.CANCELLED, run.get(GENEROUS, TimeUnit.SECONDS));
        assertEquals(0, kitchen.panettiere.taken.get(), "dough was made for a cancelled order");
        assertEquals(0, kitchen.chef.taken.get(), "the chef was called for a cancelled order");
        assertNeverTopped(order);
    }

    @Test
    void cancelDuringToppingCancelsTheChefsCall() throws Exception {
        kitchen.chef.hold = true;
        Order order = journal.open(OrderType.TAKEOUT);
        Future<OrderState> run = maestri.submit(() -> line.pass.run(order, "Enzo", false));
        assertTrue(kitchen.chef.holding.await(GENEROUS, TimeUnit.SECONDS), "the chef got the order");
        journal.awaitState(order.orderId(), OrderState.TOPPING);

        journal.cancel(order.orderId());

        assertEquals(OrderState.CANCELLED, run.get(GENEROUS, TimeUnit.SECONDS));
        assertTrue(kitchen.chef.hangUp.await(GENEROUS, TimeUnit.SECONDS), "the chef's call was cancelled");
        assertFalse(journal.history(order.orderId()).contains(OrderState.IN_OVEN), "a cancelled pizza went into the oven");
    }

    @Test
    void aStationThatStopsReadingCancelsTheChefsCall() throws Exception {
        OrderJournal toppingNotRecorded = new OrderJournal(journal.connection(), Duration.ofSeconds(5), journal.json(), PrivateJournal.MAESTRO) {
            @Override
            public OrderSnapshot record(String orderId, Transition transition) throws IOException, JetStreamApiException {
                if (transition.to() == OrderState.TOPPING || transition.pizzaStage() == OrderState.TOPPING) {
                    throw new IOException("JetStream did not answer");
                }
                return super.record(orderId, transition);
            }
        };
        kitchen.chef.hold = true;
        try (KitchenLine failing = new KitchenLine(kitchen, journal, toppingNotRecorded, new CollectedSpans())) {
            Order order = journal.open(OrderType.TAKEOUT);
            Future<OrderState> run = maestri.submit(() -> failing.pass.run(order, "Enzo", false));

            ExecutionException failed = assertThrows(ExecutionException.class, () -> run.get(GENEROUS, TimeUnit.SECONDS));
            assertInstanceOf(IOException.class, failed.getCause());
            assertTrue(kitchen.chef.hangUp.await(GENEROUS, TimeUnit.SECONDS), "the chef's call was left running");
        }
    }

    @Test
    void aMaestroShuttingDownCancelsTheCallAndHandsTheOrderBack() throws Exception {
        kitchen.chef.hold = true;
        Order order = journal.open(OrderType.TAKEOUT);
        Future<OrderState> run = maestri.submit(() -> line.pass.run(order, "Enzo", false));
        assertTrue(kitchen.chef.holding.await(GENEROUS, TimeUnit.SECONDS), "the chef got the order");
        journal.awaitState(order.orderId(), OrderState.TOPPING);

        run.cancel(true); // what OrderPuller's shutdownNow does to the orders in flight

        assertTrue(kitchen.chef.hangUp.await(GENEROUS, TimeUnit.SECONDS), "the chef's call was left running");
        assertEquals(OrderState.TOPPING, journal.state(order.orderId()), "an order interrupted by a shutdown is not failed");
    }

    private void assertNeverTopped(Order order) throws Exception {
        List<OrderState> history = journal.history(order.orderId());
        assertFalse(history.contains(OrderState.TOPPING) || history.contains(OrderState.IN_OVEN),
                "a cancelled order was topped or baked: " + history);
    }
}
