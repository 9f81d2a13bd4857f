package io.boxbox.chef.kitchen;

import io.boxbox.pacchetto.crew.Crew;
import io.boxbox.pacchetto.crew.CrewListener;
import io.boxbox.pacchetto.crew.Mishaps;
import io.boxbox.pacchetto.grpc.Refusals;
import io.boxbox.pacchetto.identity.ServiceIdentity;
import io.boxbox.pacchetto.jetstream.JetStreamTopology;
import io.boxbox.pacchetto.jetstream.Topology;
import io.boxbox.pacchetto.json.JsonConventions;
import io.boxbox.pacchetto.pantry.Ingredients;
import io.boxbox.pacchetto.pantry.Pantry;
import io.boxbox.pacchetto.pantry.PantryMeter;
import io.boxbox.pacchetto.pantry.PantrySettings;
import io.boxbox.pacchetto.testing.PrivateNats;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.boxbox.pacchetto.sim.Chance;
import io.boxbox.pacchetto.sim.RandomSource;
import io.boxbox.pacchetto.sim.SimClock;
import io.boxbox.pacchetto.sim.TimeScale;
import io.boxbox.proto.chef.v1.ChefServiceGrpc;
import io.boxbox.proto.chef.v1.CookRequest;
import io.boxbox.proto.chef.v1.CookStage;
import io.boxbox.proto.chef.v1.CookUpdate;
import io.boxbox.proto.common.v1.Border;
import io.boxbox.proto.common.v1.PizzaSize;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The chef's endpoint on an in-process server, at real time with a bake of hours, so a test can
 * hang up "mid-bake" and see the kitchen let go at once rather than when the pizza would be done.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChefEndpointTest {

    private static final Duration HOURS = Duration.ofHours(2);

    private Server server;
    private ManagedChannel channel;
    private PrivateNats nats;
    private Connection connection;
    private Pantry pantry;

    @BeforeAll
    void stockThePantry() throws Exception {
        nats = new PrivateNats();
        connection = Nats.connect(nats.url());
        new JetStreamTopology(connection, Duration.ofHours(1)).ensure();
        pantry = new Pantry(connection.keyValue(Topology.PANTRY_BUCKET), connection, PantrySettings.defaults(),
                new Ingredients(), JsonConventions.apply(new ObjectMapper()), new PantryMeter());
    }

    @AfterAll
    void closeThePantry() throws Exception {
        connection.close();
        nats.close();
    }

    @AfterEach
    void closeKitchen() throws Exception {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void chefFreesTheOvenSlotWhenTheCallIsCancelled() throws Exception {
        Kitchen kitchen = open(Duration.ZERO, HOURS);
        try (Context.CancellableContext call = Context.current().withCancellation()) {
            Iterator<CookUpdate> updates = call.call(() -> kitchen.chef.cook(margherita()));
            assertEquals(CookStage.COOK_STAGE_TOPPING, updates.next().getStage());
            assertEquals(CookStage.COOK_STAGE_IN_OVEN, updates.next().getStage());
            assertEquals(1, kitchen.oven.inUse());

            call.cancel(null);
        }

        awaitGenerously("the oven slot is still held by a cancelled pizza", () -> kitchen.oven.inUse() == 0);
    }

    @Test
    void chefFreesThePersonAndTheSlotWhenCancelledWhileTopping() throws Exception {
        Kitchen kitchen = open(HOURS, HOURS);
        try (Context.CancellableContext call = Context.current().withCancellation()) {
            Iterator<CookUpdate> updates = call.call(() -> kitchen.chef.cook(margherita()));
            assertEquals(CookStage.COOK_STAGE_TOPPING, updates.next().getStage());
            assertEquals(0, kitchen.crew.room());

            call.cancel(null);
        }

        awaitGenerously("the chef is still topping a cancelled pizza", () -> kitchen.crew.room() == 1);
        awaitGenerously("the oven slot is still held by a cancelled pizza", () -> kitchen.oven.inUse() == 0);
    }

    @Test
    void theToppingsAndTheBorderCheeseAreTakenWhenToppingStarts() throws Exception {
        Kitchen kitchen = open(Duration.ZERO, Duration.ZERO);
        int tomato = stock("tomato");
        int cheddar = stock("cheddar");
        kitchen.chef.cook(margherita().toBuilder().setBorder(Border.BORDER_CHEDDAR).build()).forEachRemaining(u -> { });
        assertEquals(tomato - 1, stock("tomato"));
        assertEquals(cheddar - 1, stock("cheddar"));
    }

    @Test
    void toppingsNotYetOnAnAbandonedPizzaGoBackOnTheShelf() throws Exception {
        Kitchen kitchen = open(HOURS, HOURS);
        int mozzarella = stock("mozzarella");
        try (Context.CancellableContext call = Context.current().withCancellation()) {
            Iterator<CookUpdate> updates = call.call(() -> kitchen.chef.cook(margherita()));
            assertEquals(CookStage.COOK_STAGE_TOPPING, updates.next().getStage());
            assertEquals(mozzarella - 1, stock("mozzarella"));

            call.cancel(null);
        }
        awaitGenerously("the mozzarella of a pizza abandoned on the bench was not put back",
                () -> stockQuietly("mozzarella") == mozzarella);
    }

    @Test
    void outOfMozzarellaIsTheOutOfStockRefusalAndTakesNoTomato() throws Exception {
        Kitchen kitchen = open(Duration.ZERO, Duration.ZERO);
        int tomato = stock("tomato");
        pantry.set("mozzarella", 0);
        try {
            StatusRuntimeException refused = assertThrows(StatusRuntimeException.class,
                    () -> kitchen.chef.cook(margherita()).forEachRemaining(u -> { }));
            assertEquals(Status.Code.FAILED_PRECONDITION, refused.getStatus().getCode());
            assertEquals(List.of("mozzarella"), Refusals.missingStock(refused));
            assertEquals(tomato, stock("tomato"));
            // the refusal reaches the caller before the chef is back on the crew: wait for it, as for the oven
            awaitGenerously("the refused chef is back on the crew", () -> kitchen.crew.room() == 1);
            awaitGenerously("the oven slot is held by a pizza that was never topped", () -> kitchen.oven.inUse() == 0);
        } finally {
            pantry.restock("mozzarella");
        }
    }

    private int stock(String ingredient) throws Exception {
        return pantry.shelf(ingredient).stock();
    }

    private int stockQuietly(String ingredient) {
        try {
            return stock(ingredient);
        } catch (Exception e) {
            return -1;
        }
    }

    private record Kitchen(ChefServiceGrpc.ChefServiceBlockingStub chef, Oven oven, Crew crew) {
    }

    private Kitchen open(Duration topping, Duration bake) throws Exception {
        KitchenSettings settings = new KitchenSettings(List.of("Massimo"), topping, 1,
                new KitchenSettings.BakeTimes(bake, bake, bake), 1, 2, Duration.ofHours(1), Duration.ZERO, 0);
        SimClock clock = new SimClock(new TimeScale(1), Clock.systemUTC());
        Crew crew = Crew.staff("chef-sim", settings.crew(), 1, null, null, new RandomSource(42), clock.scale(),
                Clock.systemUTC(), CrewListener.NONE);
        Mishaps mishaps = new Mishaps();
        mishaps.declare(ChefEndpoint.BURN, Chance.of(0));
        Oven oven = new Oven(settings);
        String name = InProcessServerBuilder.generateName();
        server = InProcessServerBuilder.forName(name)
                .addService(new ChefEndpoint(crew, oven, mishaps, settings, clock, new ServiceIdentity("chef-sim", "chef-test"),
                        new Larder(pantry, clock)))
                .build().start();
        channel = InProcessChannelBuilder.forName(name).build();
        return new Kitchen(ChefServiceGrpc.newBlockingStub(channel), oven, crew);
    }

    private static CookRequest margherita() {
        return CookRequest.newBuilder().setOrderId("order-1").setSize(PizzaSize.PIZZA_SIZE_MEDIUM)
                .addToppings("tomato").addToppings("mozzarella").setBorder(Border.BORDER_NONE).build();
    }

    static void awaitGenerously(String failure, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(10);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(failure);
            }
            Thread.sleep(20);
        }
    }
}
