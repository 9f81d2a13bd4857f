package io.boxbox.maestro.pass;

import io.boxbox.maestro.pantry.Packing;
import io.boxbox.pacchetto.jetstream.Topology;
import io.boxbox.pacchetto.pantry.Ingredients;
import io.boxbox.pacchetto.pantry.Pantry;
import io.boxbox.pacchetto.pantry.PantryMeter;
import io.boxbox.pacchetto.pantry.PantrySettings;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxbox.maestro.kitchen.CancelWatch;
import io.boxbox.maestro.kitchen.CollectedSpans;
import io.boxbox.maestro.kitchen.KitchenCall;
import io.boxbox.maestro.kitchen.FakeKitchen;
import io.boxbox.maestro.kitchen.Patience;
import io.boxbox.maestro.kitchen.PrivateJournal;
import io.boxbox.pacchetto.jetstream.OrderJournal;
import io.boxbox.pacchetto.sim.SimClock;
import io.boxbox.pacchetto.sim.TimeScale;
import io.boxbox.proto.chef.v1.ChefServiceGrpc;
import io.boxbox.proto.driver.v1.DriverServiceGrpc;
import io.boxbox.proto.panettiere.v1.PanettiereServiceGrpc;
import io.nats.client.Connection;

import java.time.Clock;
import java.time.Duration;

/**
 * The maestro's stations and pass wired by hand onto a {@link FakeKitchen} and a journal on a
 * private nats-server, at time scale 0: the one place a kitchen test builds them.
 */
final class KitchenLine implements AutoCloseable {

    static final PassSettings SETTINGS = new PassSettings(16, Duration.ofSeconds(1), Duration.ofSeconds(10),
            Duration.ofMinutes(1), Duration.ofSeconds(5), Duration.ofMinutes(10), 5, 3, Duration.ofSeconds(30));

    final DoughStation dough;
    final OvenStation oven;
    final DeliveryDesk delivery;
    final PizzaMaker maker;
    final OrderPass pass;
    private final CancelWatch cancels;

    KitchenLine(FakeKitchen kitchen, PrivateJournal broker, CollectedSpans spans) {
        this(kitchen, broker, broker.journal(), spans);
    }

    /** With a journal of the test's own on the same broker (e.g. one whose position store fails). */
    KitchenLine(FakeKitchen kitchen, PrivateJournal broker, OrderJournal journal, CollectedSpans spans) {
        Connection connection = broker.connection();
        ObjectMapper json = broker.json();
        SimClock clock = new SimClock(new TimeScale(0), Clock.systemUTC());
        cancels = new CancelWatch(connection, json);
        KitchenCall call = new KitchenCall(journal, cancels, new Patience(), clock, SETTINGS, spans.tracer());
        dough = new DoughStation(PanettiereServiceGrpc.newBlockingStub(kitchen.channel()), journal, call);
        oven = new OvenStation(ChefServiceGrpc.newBlockingStub(kitchen.channel()), journal, call);
        delivery = new DeliveryDesk(DriverServiceGrpc.newBlockingStub(kitchen.channel()), journal, call);
        maker = new PizzaMaker(journal, dough, oven, SETTINGS);
        pass = new OrderPass(journal, new Brigade(maker, spans.tracer()), delivery, SETTINGS,
                new Packing(pantry(connection, json), journal, clock));
    }

    static Pantry pantry(Connection connection, ObjectMapper json) {
        try {
            return new Pantry(connection.keyValue(Topology.PANTRY_BUCKET), connection, PantrySettings.defaults(),
                    new Ingredients(), json, new PantryMeter());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        cancels.close();
    }
}
