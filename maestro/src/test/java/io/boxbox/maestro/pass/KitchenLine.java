package io.boxbox.maestro.pass;

import io.boxbox.maestro.kitchen.CollectedSpans;
import io.boxbox.maestro.kitchen.FakeKitchen;
import io.boxbox.maestro.kitchen.Patience;
import io.boxbox.maestro.kitchen.PrivateJournal;
import io.boxbox.pacchetto.jetstream.OrderJournal;
import io.boxbox.pacchetto.sim.SimClock;
import io.boxbox.pacchetto.sim.TimeScale;
import io.boxbox.proto.chef.v1.ChefServiceGrpc;
import io.boxbox.proto.driver.v1.DriverServiceGrpc;
import io.boxbox.proto.panettiere.v1.PanettiereServiceGrpc;

import java.time.Clock;
import java.time.Duration;

/**
 * The maestro's stations and pass wired by hand onto a {@link FakeKitchen} and a journal on a
 * private nats-server, at time scale 0: the one place a kitchen test builds them.
 */
final class KitchenLine implements AutoCloseable {

    static final PassSettings SETTINGS = new PassSettings(16, Duration.ofSeconds(1), Duration.ofSeconds(10),
            Duration.ofMinutes(1), Duration.ofSeconds(5), Duration.ofMinutes(10));

    final DoughStation dough;
    final OvenStation oven;
    final DeliveryDesk delivery;
    final OrderPass pass;

    KitchenLine(FakeKitchen kitchen, PrivateJournal broker, CollectedSpans spans) {
        this(kitchen, broker.journal(), spans);
    }

    KitchenLine(FakeKitchen kitchen, OrderJournal journal, CollectedSpans spans) {
        SimClock clock = new SimClock(new TimeScale(0), Clock.systemUTC());
        Patience patience = new Patience();
        dough = new DoughStation(PanettiereServiceGrpc.newBlockingStub(kitchen.channel()), journal, patience, clock, SETTINGS);
        oven = new OvenStation(ChefServiceGrpc.newBlockingStub(kitchen.channel()), journal, patience, clock, SETTINGS);
        delivery = new DeliveryDesk(DriverServiceGrpc.newBlockingStub(kitchen.channel()), journal, patience, clock, SETTINGS);
        pass = new OrderPass(journal, dough, oven, delivery);
    }

    @Override
    public void close() {
    }
}
