package io.boxbox.maestro.pass;

import io.boxbox.maestro.kitchen.KitchenFailure;
import io.boxbox.maestro.kitchen.Patience;
import io.boxbox.pacchetto.grpc.Refusals;
import io.boxbox.pacchetto.jetstream.OrderJournal;
import io.boxbox.pacchetto.order.Destination;
import io.boxbox.pacchetto.order.GeoPoint;
import io.boxbox.pacchetto.order.Order;
import io.boxbox.pacchetto.order.OrderState;
import io.boxbox.pacchetto.order.Transition;
import io.boxbox.pacchetto.sim.SimClock;
import io.boxbox.proto.driver.v1.DeliverRequest;
import io.boxbox.proto.driver.v1.DeliveryUpdate;
import io.boxbox.proto.driver.v1.DriverServiceGrpc.DriverServiceBlockingStub;
import io.boxbox.pacchetto.telemetry.Telemetry;
import io.grpc.StatusRuntimeException;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.nats.client.JetStreamApiException;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;

/**
 * Hands a ready pizza to a driver and follows the ride: the snapshot tracks the driver's position
 * and ETA, the journal records the pickup and the delivery.
 */
@Singleton
class DeliveryDesk {

    private final DriverServiceBlockingStub drivers;
    private final OrderJournal journal;
    private final Patience patience;
    private final SimClock clock;
    private final PassSettings settings;

    DeliveryDesk(DriverServiceBlockingStub drivers, OrderJournal journal, Patience patience, SimClock clock,
                 PassSettings settings) {
        this.drivers = drivers;
        this.journal = journal;
        this.patience = patience;
        this.clock = clock;
        this.settings = settings;
    }

    void deliver(Ticket ticket) throws IOException, JetStreamApiException, InterruptedException {
        Order order = ticket.order();
        String maestro = ticket.maestro();
        Destination destination = order.destination();
        DeliverRequest request = DeliverRequest.newBuilder()
                .setOrderId(order.orderId())
                .setDestination(io.boxbox.proto.common.v1.GeoPoint.newBuilder()
                        .setLat(destination.lat()).setLon(destination.lon()))
                .setDestinationName(destination.name() == null ? "" : destination.name())
                .build();
        int refusals = 0;
        try (Waiting waiting = new Waiting()) {
            while (true) {
                try {
                    Iterator<DeliveryUpdate> updates = drivers
                            .withDeadlineAfter(settings.callDeadline().toMillis(), TimeUnit.MILLISECONDS)
                            .deliver(request);
                    while (updates.hasNext()) {
                        DeliveryUpdate update = updates.next();
                        waiting.close();
                        if (follow(order, update)) {
                            return;
                        }
                    }
                    throw new IllegalStateException("driver-sim ended the ride of " + order.orderId() + " before delivering");
                } catch (StatusRuntimeException e) {
                    if (!Refusals.isTemporary(e)) {
                        throw new KitchenFailure("driver-sim", e);
                    }
                    if (journal.find(order.orderId()).map(s -> s.state() == OrderState.OUT_FOR_DELIVERY).orElse(false)) {
                        // The pizza left with a driver who is now gone: hand the order back so it is re-driven.
                        throw e;
                    }
                    if (refusals++ == 0) {
                        journal.record(order.orderId(), Transition.to(OrderState.WAITING_FOR_DRIVER, maestro,
                                Actors.reason("driver-sim", e)));
                    }
                    waiting.refused("wait for a driver", order.orderId(), Actors.reason("driver-sim", e));
                    waiting.giveUpAfter(settings.stuckAfter(), order.orderId(), Actors.reason("driver-sim", e));
                    clock.waitWallClock(patience.afterRefusal(e, refusals));
                }
            }
        }
    }

    /** Records one update; returns true once the pizza is delivered. */
    private boolean follow(Order order, DeliveryUpdate update) throws IOException, JetStreamApiException {
        String who = Actors.person(update.getDriver(), update.getInstance());
        GeoPoint position = new GeoPoint(update.getPosition().getLat(), update.getPosition().getLon());
        long eta = update.getEtaSeconds();
        switch (update.getStage()) {
            case DELIVERY_STAGE_ASSIGNED, DELIVERY_STAGE_EN_ROUTE ->
                    journal.trackDelivery(order.orderId(), update.getDriver(), position, eta);
            case DELIVERY_STAGE_PICKED_UP -> {
                if (update.getDetail().contains("detour")) {
                    Span.current().addEvent("detour", Attributes.of(Telemetry.PERSON, update.getDriver()));
                }
                journal.record(order.orderId(), Transition.to(OrderState.OUT_FOR_DELIVERY, who,
                            "picked up for " + describe(order.destination()) + ", ETA " + eta + " s")
                    .amending(s -> s.withDelivery(update.getDriver(), position, eta)));
            }
            case DELIVERY_STAGE_DELIVERED -> {
                journal.record(order.orderId(), Transition.to(OrderState.DELIVERED, who,
                                "delivered to " + describe(order.destination()))
                        .amending(s -> s.withDelivery(update.getDriver(), position, 0L)));
                return true;
            }
            default -> throw new IllegalStateException("driver sent an unknown stage " + update.getStage());
        }
        return false;
    }

    private static String describe(Destination destination) {
        return destination.name() != null ? destination.name()
                : String.format(java.util.Locale.ROOT, "%.5f,%.5f", destination.lat(), destination.lon());
    }
}
