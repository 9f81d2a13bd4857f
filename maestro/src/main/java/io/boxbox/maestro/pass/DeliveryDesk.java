package io.boxbox.maestro.pass;

import io.boxbox.maestro.kitchen.Counter;
import io.boxbox.maestro.kitchen.KitchenCall;
import io.boxbox.pacchetto.jetstream.OrderJournal;
import io.boxbox.pacchetto.order.Destination;
import io.boxbox.pacchetto.order.GeoPoint;
import io.boxbox.pacchetto.order.OrderState;
import io.boxbox.pacchetto.order.Transition;
import io.boxbox.pacchetto.telemetry.Telemetry;
import io.boxbox.proto.driver.v1.DeliverRequest;
import io.boxbox.proto.driver.v1.DeliveryUpdate;
import io.boxbox.proto.driver.v1.DriverServiceGrpc.DriverServiceBlockingStub;
import io.grpc.Deadline;
import io.grpc.StatusRuntimeException;
import io.nats.client.JetStreamApiException;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;

/**
 * Hands a ready pizza to a driver and follows the ride: the journal records the pickup and the
 * delivery, and keeps the driver's position and ETA (best effort: a position that cannot be
 * stored is logged, the ride goes on). A ride the maestro loses sight of after the pickup is followed
 * again: driver-sim re-attaches a new Deliver for the same order to the same ride, so the pizza is
 * never given to a second driver, and OUT_FOR_DELIVERY is recorded once.
 */
@Singleton
class DeliveryDesk {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryDesk.class);

    private final DriverServiceBlockingStub drivers;
    private final OrderJournal journal;
    private final KitchenCall kitchen;

    DeliveryDesk(DriverServiceBlockingStub drivers, OrderJournal journal, KitchenCall kitchen) {
        this.drivers = drivers;
        this.journal = journal;
        this.kitchen = kitchen;
    }

    void deliver(Ticket ticket) throws IOException, JetStreamApiException, InterruptedException {
        // Out already: an earlier attempt saw the pickup, so this one follows that ride without recording it again.
        // As this maestro last saw it: only its own attempt records the pickup, and a takeover since is
        // fenced at its next write anyway; the kitchen call reads the order before calling the driver.
        boolean out = journal.lastKnown(ticket.orderId()).map(s -> s.state() == OrderState.OUT_FOR_DELIVERY).orElse(false);
        kitchen.serve(ticket.orderId(), new DeliveryCounter(ticket, out));
    }

    private final class DeliveryCounter implements Counter<Boolean> {

        private final Ticket ticket;
        private final DeliverRequest request;
        private boolean pickedUp;

        DeliveryCounter(Ticket ticket, boolean pickedUp) {
            this.ticket = ticket;
            this.pickedUp = pickedUp;
            Destination destination = ticket.order().destination();
            this.request = DeliverRequest.newBuilder()
                    .setOrderId(ticket.orderId())
                    .setDestination(io.boxbox.proto.common.v1.GeoPoint.newBuilder()
                            .setLat(destination.lat()).setLon(destination.lon()))
                    .setDestinationName(destination.name() == null ? "" : destination.name())
                    .build();
        }

        @Override
        public String service() {
            return "driver-sim";
        }

        @Override
        public String waitName() {
            return "wait for a driver";
        }

        @Override
        public OrderState goal() {
            return OrderState.OUT_FOR_DELIVERY;
        }

        @Override
        public Boolean once(Deadline deadline, Runnable taken) throws IOException, JetStreamApiException {
            Iterator<DeliveryUpdate> updates = drivers.withDeadline(deadline).deliver(request);
            while (updates.hasNext()) {
                DeliveryUpdate update = updates.next();
                taken.run();
                if (follow(update)) {
                    return true;
                }
            }
            throw new IllegalStateException("driver-sim ended the ride of " + ticket.orderId() + " before delivering");
        }

        @Override
        public void waiting(String reason) throws IOException, JetStreamApiException {
            if (!pickedUp) {
                record(Transition.to(OrderState.WAITING_FOR_DRIVER, ticket.maestro(), reason));
            }
        }

        @Override
        public Optional<Boolean> lost(StatusRuntimeException broken) {
            LOG.info("order {}: lost sight of the ride ({}); following it again", ticket.orderId(),
                    KitchenCall.reason("driver-sim", broken));
            return Optional.empty();
        }

        /** Records one update; returns true once the pizza is delivered. */
        private boolean follow(DeliveryUpdate update) throws IOException, JetStreamApiException {
            String who = Actors.person(update.getDriver(), update.getInstance());
            GeoPoint position = new GeoPoint(update.getPosition().getLat(), update.getPosition().getLon());
            long eta = update.getEtaSeconds();
            switch (update.getStage()) {
                case DELIVERY_STAGE_ASSIGNED, DELIVERY_STAGE_EN_ROUTE -> track(update.getDriver(), position, eta);
                case DELIVERY_STAGE_PICKED_UP -> {
                    if (pickedUp) {
                        // Re-attached to the ride an earlier call (or attempt) followed: the pickup is recorded already.
                        track(update.getDriver(), position, eta);
                        return false;
                    }
                    if (update.getDetour()) {
                        Span.current().addEvent("detour", Attributes.of(Telemetry.PERSON, update.getDriver()));
                    }
                    record(Transition.to(OrderState.OUT_FOR_DELIVERY, who,
                                    "picked up for " + describe(ticket.order().destination()) + ", ETA " + eta + " s")
                            .amending(s -> s.withDelivery(update.getDriver(), position, eta)));
                    pickedUp = true;
                }
                case DELIVERY_STAGE_DELIVERED -> {
                    if (!pickedUp) {
                        // A maestro who left (kill -9) saw the pickup but never recorded it; the ride went on without it.
                        record(Transition.to(OrderState.OUT_FOR_DELIVERY, who, "picked up for "
                                        + describe(ticket.order().destination()) + " (the pickup was not recorded before its maestro left)")
                                .amending(s -> s.withDelivery(update.getDriver(), position, eta)));
                        pickedUp = true;
                    }
                    record(Transition.to(OrderState.DELIVERED, who, "delivered to " + describe(ticket.order().destination()))
                            // the attempt that saw it to the door (a takeover while out writes no entry of its own)
                            .amending(s -> s.withDelivery(update.getDriver(), position, 0L)
                                    .withAttempt(Math.max(s.attempt(), ticket.attempt()))));
                    return true;
                }
                default -> throw new IllegalStateException("driver sent an unknown stage " + update.getStage());
            }
            return false;
        }

        /** The driver's position is bookkeeping for the customer's map: losing one never stops the ride. */
        private void track(String driver, GeoPoint position, long eta) {
            try {
                journal.trackDelivery(ticket.orderId(), driver, position, eta);
            } catch (IOException | JetStreamApiException | RuntimeException e) {
                LOG.warn("order {}: could not store {}'s position ({}); the ride goes on", ticket.orderId(), driver,
                        e.toString());
            }
        }

        private void record(Transition transition) throws IOException, JetStreamApiException {
            journal.record(ticket.orderId(), transition.byAttempt(ticket.attempt()));
        }
    }

    private static String describe(Destination destination) {
        return destination.name() != null ? destination.name()
                : String.format(Locale.ROOT, "%.5f,%.5f", destination.lat(), destination.lon());
    }
}
