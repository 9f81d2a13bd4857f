package io.boxbox.panettiere.dough;

import io.boxbox.pacchetto.crew.AbsenceKind;
import io.boxbox.pacchetto.crew.Crew;
import io.boxbox.pacchetto.crew.CrewListener;
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
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.boxbox.pacchetto.sim.RandomSource;
import io.boxbox.pacchetto.sim.SimClock;
import io.boxbox.pacchetto.sim.TimeScale;
import io.boxbox.proto.common.v1.PizzaSize;
import io.boxbox.proto.panettiere.v1.MakeDoughRequest;
import io.boxbox.proto.panettiere.v1.MakeDoughResponse;
import io.boxbox.proto.panettiere.v1.PanettiereServiceGrpc;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
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
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** MakeDough on an in-process server with a crew of two, fixed seed, and the pantry on a private JetStream. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PanettiereEndpointTest {

    private Server server;
    private ManagedChannel channel;
    private Crew crew;
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
    void closeBakery() throws Exception {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void panettiereIsFreedWhenTheCallIsCancelled() throws Exception {
        open(1, Duration.ofHours(2));
        PanettiereServiceGrpc.PanettiereServiceFutureStub bakery = PanettiereServiceGrpc.newFutureStub(channel);
        try (Context.CancellableContext call = Context.current().withCancellation()) {
            Future<MakeDoughResponse> dough = call.call(() -> bakery.makeDough(request()));
            awaitGenerously("nobody took the dough", () -> crew.room() == 1);

            call.cancel(null);
            dough.cancel(true);
        }

        awaitGenerously("the panettiere still kneads a cancelled dough", () -> crew.room() == 2);
    }

    @Test
    void refusalNamesTheAbsenceInATypedTrailer() throws Exception {
        open(1, Duration.ofSeconds(5));
        crew.force(Optional.empty(), AbsenceKind.ASLEEP, Duration.ofHours(1));

        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class,
                () -> PanettiereServiceGrpc.newBlockingStub(channel).makeDough(request()));

        assertEquals(Status.Code.UNAVAILABLE, refused.getStatus().getCode());
        assertEquals(List.of(AbsenceKind.ASLEEP), Refusals.absences(refused));
    }

    @Test
    void noDoughBallsLeftIsTheOutOfStockRefusalAndTakesNobody() throws Exception {
        open(0, Duration.ofSeconds(5));
        int before = pantry.shelf(Ingredients.DOUGH).stock();
        PanettiereServiceGrpc.newBlockingStub(channel).makeDough(request());
        assertEquals(before - 1, pantry.shelf(Ingredients.DOUGH).stock(), "one dough ball per MakeDough");

        pantry.set(Ingredients.DOUGH, 0);
        Instant truck = Instant.now().plusSeconds(60);
        pantry.expectBack(Ingredients.DOUGH, truck);
        try {
            StatusRuntimeException refused = assertThrows(StatusRuntimeException.class,
                    () -> PanettiereServiceGrpc.newBlockingStub(channel).makeDough(request()));

            assertEquals(Status.Code.FAILED_PRECONDITION, refused.getStatus().getCode());
            assertEquals(List.of(Ingredients.DOUGH), Refusals.missingStock(refused));
            assertEquals(Optional.of(truck), Refusals.expectedBack(refused));
            awaitGenerously("the panettiere who found no dough is not free again", () -> crew.room() == 2);
            assertEquals(0, pantry.shelf(Ingredients.DOUGH).stock());
        } finally {
            pantry.restock(Ingredients.DOUGH);
        }
    }

    private void open(double timeScale, Duration doughTime) throws Exception {
        DoughSettings settings = new DoughSettings(List.of("Gino", "Pina"), Duration.ofHours(1), Duration.ofMinutes(1),
                0, 1, doughTime, 1);
        SimClock clock = new SimClock(new TimeScale(timeScale), Clock.systemUTC());
        crew = Crew.staff("panettiere", settings.crew(), 1, null, null, new RandomSource(42), clock.scale(),
                Clock.systemUTC(), CrewListener.NONE);
        String name = InProcessServerBuilder.generateName();
        server = InProcessServerBuilder.forName(name)
                .addService(new PanettiereEndpoint(crew, settings, clock, new ServiceIdentity("panettiere", "panettiere-test"), pantry))
                .build().start();
        channel = InProcessChannelBuilder.forName(name).build();
    }

    private static MakeDoughRequest request() {
        return MakeDoughRequest.newBuilder().setOrderId("order-1").setSize(PizzaSize.PIZZA_SIZE_MEDIUM).build();
    }

    private static void awaitGenerously(String failure, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(10);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(failure);
            }
            Thread.sleep(20);
        }
    }
}
