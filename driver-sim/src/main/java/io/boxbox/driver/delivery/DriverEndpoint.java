package io.boxbox.driver.delivery;

import io.boxbox.pacchetto.crew.Crew;
import io.boxbox.pacchetto.crew.CrewMember;
import io.boxbox.pacchetto.crew.CrewStatusMapper;
import io.boxbox.pacchetto.grpc.ProtoTime;
import io.boxbox.pacchetto.grpc.Refusals;
import io.boxbox.pacchetto.identity.ServiceIdentity;
import io.boxbox.pacchetto.menu.PaddockMap;
import io.boxbox.pacchetto.order.GeoPoint;
import io.boxbox.pacchetto.sim.SimClock;
import io.boxbox.proto.common.v1.StatusRequest;
import io.boxbox.proto.common.v1.StatusResponse;
import io.boxbox.proto.driver.v1.DeliverRequest;
import io.boxbox.proto.driver.v1.DeliveryStage;
import io.boxbox.proto.driver.v1.DeliveryUpdate;
import io.boxbox.proto.driver.v1.DriverServiceGrpc;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Duration;
import java.util.Optional;

/** Deliver: a free driver picks the pizza up and rides to the customer, reporting the way. */
@Singleton
public class DriverEndpoint extends DriverServiceGrpc.DriverServiceImplBase {

    private static final Logger LOG = LoggerFactory.getLogger(DriverEndpoint.class);
    /** Even a delivery next door reports a few positions, so customers always see it move. */
    private static final int MIN_FIXES = 3;

    private final Crew drivers;
    private final DeliverySettings settings;
    private final PaddockMap map;
    private final SimClock clock;
    private final ServiceIdentity identity;

    public DriverEndpoint(Crew drivers, DeliverySettings settings, PaddockMap map, SimClock clock,
                          ServiceIdentity identity) {
        this.drivers = drivers;
        this.settings = settings;
        this.map = map;
        this.clock = clock;
        this.identity = identity;
    }

    @Override
    public void deliver(DeliverRequest request, StreamObserver<DeliveryUpdate> updates) {
        if (request.getOrderId().isBlank() || !request.hasDestination()) {
            updates.onError(Status.INVALID_ARGUMENT.withDescription("order_id and destination are required").asRuntimeException());
            return;
        }
        Optional<CrewMember> assigned = drivers.assign(request.getOrderId());
        if (assigned.isEmpty()) {
            updates.onError(Refusals.allBusy("every driver is out on a delivery",
                    clock.scale().wallClock(settings.pickupTime())));
            return;
        }
        CrewMember driver = assigned.get();
        MDC.put("order_id", request.getOrderId());
        MDC.put("person", driver.name());
        GeoPoint kitchen = new GeoPoint(map.pizzeria().lat(), map.pizzeria().lon());
        GeoPoint destination = new GeoPoint(request.getDestination().getLat(), request.getDestination().getLon());
        Route route = new Route(kitchen, destination, settings.speedKmh());
        try {
            updates.onNext(update(request, DeliveryStage.DELIVERY_STAGE_ASSIGNED, driver, kitchen, route.rideTime()));
            clock.spend(settings.pickupTime());
            updates.onNext(update(request, DeliveryStage.DELIVERY_STAGE_PICKED_UP, driver, kitchen, route.rideTime()));
            ride(request, updates, driver, route);
            updates.onNext(update(request, DeliveryStage.DELIVERY_STAGE_DELIVERED, driver, destination, Duration.ZERO));
            LOG.info("{} delivered order {} to {}", driver.name(), request.getOrderId(), request.getDestinationName());
            updates.onCompleted();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            updates.onError(Status.ABORTED.withDescription("delivery abandoned: depot closing").asRuntimeException());
        } finally {
            drivers.release(driver);
            MDC.remove("order_id");
            MDC.remove("person");
        }
    }

    private void ride(DeliverRequest request, StreamObserver<DeliveryUpdate> updates, CrewMember driver, Route route)
            throws InterruptedException {
        Duration ride = route.rideTime();
        long fixes = Math.max(MIN_FIXES, (long) Math.ceil((double) ride.toMillis() / settings.gpsInterval().toMillis()));
        Duration leg = ride.dividedBy(fixes);
        for (long fix = 0; fix < fixes; fix++) {
            double done = (double) fix / fixes;
            Duration left = ride.minus(leg.multipliedBy(fix));
            updates.onNext(update(request, DeliveryStage.DELIVERY_STAGE_EN_ROUTE, driver, route.positionAt(done), left));
            clock.spend(leg);
        }
    }

    @Override
    public void status(StatusRequest request, StreamObserver<StatusResponse> responses) {
        responses.onNext(CrewStatusMapper.toStatus(identity, drivers));
        responses.onCompleted();
    }

    private DeliveryUpdate update(DeliverRequest request, DeliveryStage stage, CrewMember driver, GeoPoint at,
                                  Duration eta) {
        return DeliveryUpdate.newBuilder()
                .setOrderId(request.getOrderId())
                .setStage(stage)
                .setDriver(driver.name())
                .setInstance(identity.instance())
                .setAt(ProtoTime.of(clock.now()))
                .setPosition(io.boxbox.proto.common.v1.GeoPoint.newBuilder().setLat(at.lat()).setLon(at.lon()))
                .setEtaSeconds(eta.toSeconds())
                .build();
    }
}
