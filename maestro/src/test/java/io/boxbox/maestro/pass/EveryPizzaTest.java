package io.boxbox.maestro.pass;

import com.fasterxml.jackson.databind.JsonNode;
import io.boxbox.maestro.kitchen.CollectedSpans;
import io.boxbox.maestro.kitchen.FakeKitchen;
import io.boxbox.maestro.kitchen.PrivateJournal;
import io.boxbox.pacchetto.grpc.Refusals;
import io.boxbox.pacchetto.order.Border;
import io.boxbox.pacchetto.order.MenuItem;
import io.boxbox.pacchetto.order.Order;
import io.boxbox.pacchetto.order.OrderItem;
import io.boxbox.pacchetto.order.OrderSnapshot;
import io.boxbox.pacchetto.order.OrderState;
import io.boxbox.pacchetto.order.OrderType;
import io.boxbox.pacchetto.order.PizzaItem;
import io.boxbox.pacchetto.order.PizzaProgress;
import io.boxbox.pacchetto.order.PizzaSize;
import io.boxbox.pacchetto.order.Transition;
import io.boxbox.pacchetto.telemetry.Telemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An order of several pizzas (and drinks) is made pizza by pizza, in parallel: one dough and one
 * oven slot each, a burnt or lost pizza remade alone, and a history that reads as one order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EveryPizzaTest {

    private static final long GENEROUS = 20;
    /** Two medium margheritas, one large marinara and two chinotti: three pizzas. */
    private static final List<OrderItem> THREE_PIZZAS_TWO_DRINKS = List.of(
            new PizzaItem(PizzaSize.MEDIUM, List.of("tomato", "mozzarella"), Border.NONE, 2),
            new PizzaItem(PizzaSize.LARGE, List.of("tomato"), Border.NONE, 1),
            new MenuItem("chinotto", 2));

    private PrivateJournal journal;
    private FakeKitchen kitchen;
    private CollectedSpans spans;
    private KitchenLine line;
    private final ExecutorService maestri = Executors.newVirtualThreadPerTaskExecutor();

    @BeforeAll
    void startBroker() throws Exception {
        journal = new PrivateJournal();
    }

    @BeforeEach
    void openKitchen() throws Exception {
        kitchen = new FakeKitchen();
        spans = new CollectedSpans();
        line = new KitchenLine(kitchen, journal, spans);
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
    void threePizzasAndTwoDrinksAreThreeDoughsAndThreeOvenSlotsSideBySide() throws Exception {
        kitchen.panettiere.workTime = Duration.ofMillis(300);
        kitchen.panettiere.meet = new CountDownLatch(3);
        Order order = journal.open(OrderType.DELIVERY, THREE_PIZZAS_TWO_DRINKS);

        Span orderSpan = spans.tracer().spanBuilder("process orders.new").startSpan();
        OrderState end;
        try (Scope ignored = orderSpan.makeCurrent()) {
            end = line.pass.run(order, "Enzo", false);
        } finally {
            orderSpan.end();
        }

        assertEquals(OrderState.DELIVERED, end);
        assertEquals(List.of(1, 2, 3), kitchen.panettiere.pizzas.stream().sorted().toList(), "one dough per pizza");
        assertEquals(List.of(1, 2, 3), kitchen.chef.pizzas.stream().sorted().toList(), "one oven slot per pizza");
        assertEquals(3, kitchen.panettiere.mostAtOnce(), "three free panettieri knead the three doughs side by side");
        assertOneOrderMovingForward(order.orderId(), OrderState.DELIVERED);

        OrderSnapshot done = journal.journal().find(order.orderId()).orElseThrow();
        assertEquals(3, done.pizzas().size());
        for (PizzaProgress pizza : done.pizzas()) {
            assertEquals(OrderState.READY, pizza.state(), "pizza " + pizza.number());
            assertEquals("Gino", pizza.panettiere(), "pizza " + pizza.number());
            assertEquals("Massimo", pizza.chef(), "pizza " + pizza.number());
            assertEquals(0, pizza.remakes(), "pizza " + pizza.number());
        }
        assertEquals(PizzaSize.LARGE, done.pizza(3).size());
        assertEquals(3, pizzaEntries(order.orderId(), OrderState.MAKING_DOUGH, "dough made").size(),
                "one dough checkpoint per pizza");

        List<SpanData> pizzaSpans = spans.ended().stream().filter(s -> s.getName().startsWith("pizza ")).toList();
        assertEquals(List.of("pizza 1/3", "pizza 2/3", "pizza 3/3"),
                pizzaSpans.stream().map(SpanData::getName).sorted().toList());
        for (SpanData pizza : pizzaSpans) {
            assertEquals(orderSpan.getSpanContext().getSpanId(), pizza.getParentSpanId(), "under the order's span");
            assertEquals(pizza.getName().substring("pizza ".length()), pizza.getAttributes().get(Telemetry.PIZZA));
        }
    }

    @Test
    void aBurntPizzaIsRemadeAloneTheOthersAreNot() throws Exception {
        kitchen.chef.burnOnce.add(2);
        Order order = journal.open(OrderType.DELIVERY, THREE_PIZZAS_TWO_DRINKS);

        assertEquals(OrderState.DELIVERED, line.pass.run(order, "Enzo", false));

        assertEquals(Map.of(1, 1L, 2, 2L, 3, 1L), counted(kitchen.panettiere.pizzas), "pizza 2 gets a second dough");
        assertEquals(Map.of(1, 1L, 2, 2L, 3, 1L), counted(kitchen.chef.pizzas), "pizza 2 gets a second oven slot");
        OrderSnapshot done = journal.journal().find(order.orderId()).orElseThrow();
        assertEquals(List.of(0, 1, 0), done.pizzas().stream().map(PizzaProgress::remakes).toList());
        assertEquals(1, done.remakes());
        List<JsonNode> remade = pizzaEntries(order.orderId(), OrderState.REMAKING, "burnt");
        assertEquals(List.of(2), remade.stream().map(e -> e.get("pizza").asInt()).toList(), "only pizza 2 was remade");
        assertOneOrderMovingForward(order.orderId(), OrderState.DELIVERED);
    }

    @Test
    void aPizzaLostInTheOvenOfAChefSimThatDiedIsRemadeAloneTheOthersAreNot() throws Exception {
        kitchen.chef.lostInOvenOnce.add(3);
        Order order = journal.open(OrderType.DELIVERY, THREE_PIZZAS_TWO_DRINKS);

        assertEquals(OrderState.DELIVERED, line.pass.run(order, "Enzo", false));

        assertEquals(Map.of(1, 1L, 2, 1L, 3, 2L), counted(kitchen.panettiere.pizzas), "pizza 3 gets a second dough");
        assertEquals(Map.of(1, 1L, 2, 1L, 3, 2L), counted(kitchen.chef.pizzas), "pizza 3 gets a second oven slot");
        OrderSnapshot done = journal.journal().find(order.orderId()).orElseThrow();
        assertEquals(List.of(0, 0, 1), done.pizzas().stream().map(PizzaProgress::remakes).toList());
        List<JsonNode> lost = pizzaEntries(order.orderId(), OrderState.REMAKING, "pizza lost mid-bake");
        assertEquals(List.of(3), lost.stream().map(e -> e.get("pizza").asInt()).toList(),
                "only pizza 3, lost in the oven, was remade: " + journal.history(order.orderId()));
        assertTrue(lost.getFirst().get("detail").asText().contains("chef-sim unavailable"), lost.toString());
        assertTrue(journal.history(order.orderId()).contains(OrderState.REMAKING),
                "the order shows the remake: " + journal.history(order.orderId()));
        assertOneOrderMovingForward(order.orderId(), OrderState.DELIVERED);
    }

    @Test
    void drinksAndDessertsOnlyGoFromQueuedToReadyAndAreServed() throws Exception {
        Order order = journal.open(OrderType.DINE_IN, List.of(new MenuItem("chinotto", 2), new MenuItem("tiramisu", 1)));

        assertEquals(OrderState.SERVED, line.pass.run(order, "Enzo", false));

        assertEquals(List.of(OrderState.RECEIVED, OrderState.QUEUED, OrderState.READY, OrderState.SERVED),
                journal.history(order.orderId()));
        assertEquals(0, kitchen.panettiere.taken.get() + kitchen.chef.taken.get(), "nothing to bake");
    }

    @Test
    void aPizzaWhoseToppingIsOutOfStockWaitsForStockAloneAndTheOrderWaitsWithIt() throws Exception {
        kitchen.chef.refusal = Refusals.outOfStock(List.of("mozzarella"), null, Duration.ofMillis(20));
        kitchen.chef.refuseNext.set(1);
        Order order = journal.open(OrderType.TAKEOUT, THREE_PIZZAS_TWO_DRINKS);

        assertEquals(OrderState.READY_FOR_PICKUP, line.pass.run(order, "Enzo", false));

        List<JsonNode> waits = pizzaEntries(order.orderId(), OrderState.WAITING_FOR_STOCK, "out of stock: mozzarella");
        assertEquals(1, waits.size(), "one pizza waited for the mozzarella: " + waits);
        assertTrue(journal.history(order.orderId()).contains(OrderState.WAITING_FOR_STOCK),
                "the order waits with its slowest pizza");
        assertEquals(List.of(1, 2, 3), kitchen.chef.pizzas.stream().sorted().toList(), "a wait is not a remake");
        assertOneOrderMovingForward(order.orderId(), OrderState.READY_FOR_PICKUP);
    }

    @Test
    void onePizzaRefusedForGoodFailsTheOrderAndStopsTheOthers() throws Exception {
        kitchen.panettiere.hold = true;
        kitchen.panettiere.refuseForGood.add(3);
        Order order = journal.open(OrderType.TAKEOUT, THREE_PIZZAS_TWO_DRINKS);

        Future<OrderState> run = maestri.submit(() -> line.pass.run(order, "Enzo", false));

        assertEquals(OrderState.FAILED, run.get(10, TimeUnit.SECONDS), "failed without waiting for the held doughs");
        String why = journal.details(order.orderId(), OrderState.FAILED).getFirst();
        assertTrue(why.startsWith("panettiere refused the order: FAILED_PRECONDITION"), why);
        // The doughs in hand are held for 30 s unless their calls are cancelled: the run ending sooner shows they were.
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(GENEROUS);
        while (kitchen.panettiere.hungUp.get() < kitchen.panettiere.taken.get() && System.nanoTime() < until) {
            Thread.sleep(10);
        }
        assertEquals(kitchen.panettiere.taken.get(), kitchen.panettiere.hungUp.get(), "the other pizzas' doughs were cancelled");
        assertEquals(0, kitchen.chef.taken.get(), "no pizza of a failed order went to the chef");
    }

    @Test
    void aTakeoverMidOrderRemakesOnlyTheLostPizza() throws Exception {
        Order order = journal.open(OrderType.TAKEOUT, THREE_PIZZAS_TWO_DRINKS);
        // Enzo (attempt 1) died with pizza 1 ready, pizza 2 in the oven and pizza 3's dough made.
        String enzo = "Enzo (maestro)";
        write(order, Transition.to(OrderState.QUEUED, enzo, "on the pass").amending(s -> s.withAttempt(1)));
        for (int pizza = 1; pizza <= 3; pizza++) {
            int number = pizza;
            write(order, Transition.pizza(number, OrderState.MAKING_DOUGH, "Gino (panettiere-test)", "dough made")
                    .amending(s -> s.withPizzaPanettiere(number, "Gino")));
        }
        for (int pizza = 1; pizza <= 2; pizza++) {
            write(order, Transition.pizza(pizza, OrderState.TOPPING, "Massimo (chef-test)", "topping"));
            write(order, Transition.pizza(pizza, OrderState.IN_OVEN, "Massimo (chef-test)", "baking"));
        }
        write(order, Transition.pizza(1, OrderState.READY, "Massimo (chef-test)", "out of the oven"));
        assertEquals(OrderState.MAKING_DOUGH, journal.state(order.orderId()), "the order is at its slowest pizza");

        assertEquals(OrderState.READY_FOR_PICKUP, line.pass.run(order, "Mattia", false));

        assertEquals(List.of(2), kitchen.panettiere.pizzas, "only the pizza lost in the oven gets a new dough");
        assertEquals(List.of(2, 3), kitchen.chef.pizzas.stream().sorted().toList(),
                "pizza 3's dough goes straight to the chef; pizza 1 stays ready");
        OrderSnapshot done = journal.journal().find(order.orderId()).orElseThrow();
        assertEquals(List.of(0, 1, 0), done.pizzas().stream().map(PizzaProgress::remakes).toList());
        assertEquals(2, done.attempt());
        List<JsonNode> lost = pizzaEntries(order.orderId(), OrderState.REMAKING, "lost when its maestro left");
        assertEquals(List.of(2), lost.stream().map(e -> e.get("pizza").asInt()).toList());
        JsonNode takeover = journal.events(order.orderId()).stream().filter(e -> e.get("attempt").asInt() == 2)
                .findFirst().orElseThrow();
        assertEquals("MAKING_DOUGH", takeover.get("state").asText(), "the takeover keeps the state");
        assertTrue(takeover.get("detail").asText().contains("attempt 2"), takeover.toString());
        assertOneOrderMovingForward(order.orderId(), OrderState.READY_FOR_PICKUP);
    }

    private void write(Order order, Transition transition) throws Exception {
        journal.journal().record(order.orderId(), transition.byAttempt(1));
    }

    /** The history reads as one order: each state may follow the one before, and the end is recorded once. */
    private void assertOneOrderMovingForward(String orderId, OrderState end) throws Exception {
        List<OrderState> states = journal.history(orderId);
        for (int i = 1; i < states.size(); i++) {
            assertTrue(states.get(i - 1).canMoveTo(states.get(i)),
                    "moved " + states.get(i - 1) + " → " + states.get(i) + " in " + states);
        }
        assertEquals(end, states.getLast(), states.toString());
        assertEquals(1, states.stream().filter(end::equals).count(), "ends once: " + states);
    }

    private List<JsonNode> pizzaEntries(String orderId, OrderState state, String detail) throws Exception {
        return journal.events(orderId).stream()
                .filter(e -> e.hasNonNull("pizza") && e.get("pizza").asInt() > 0)
                .filter(e -> isPizzaAt(e, state))
                .filter(e -> e.path("detail").asText().contains(detail))
                .toList();
    }

    /** A pizza's entry names the order's state; the pizza's own stage is in the snapshot. */
    private static boolean isPizzaAt(JsonNode event, OrderState state) {
        int number = event.get("pizza").asInt();
        for (JsonNode pizza : event.path("snapshot").path("pizzas")) {
            if (pizza.path("number").asInt() == number) {
                return pizza.path("state").asText().equals(state.name());
            }
        }
        return false;
    }

    private static Map<Integer, Long> counted(List<Integer> pizzas) {
        return pizzas.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }
}
