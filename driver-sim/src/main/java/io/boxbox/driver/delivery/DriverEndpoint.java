package io.boxbox.driver.delivery;

import io.boxbox.driver.gps.GpsDevice;
import io.boxbox.driver.gps.GpsDevices;
import io.boxbox.driver.ride.RideBook;
import io.boxbox.pacchetto.crew.Crew;
import io.boxbox.pacchetto.crew.CrewMember;
import io.boxbox.pacchetto.crew.CrewStatusMapper;
import io.boxbox.pacchetto.crew.Mishaps;
import io.boxbox.pacchetto.crew.Shift;
import io.boxbox.pacchetto.gps.GpsTopics;
import io.boxbox.pacchetto.gps.LocationFix;
import io.boxbox.pacchetto.grpc.ProtoTime;
import io.boxbox.pacchetto.identity.ServiceIdentity;
import io.boxbox.pacchetto.menu.PaddockMap;
import io.boxbox.pacchetto.order.GeoPoint;
import io.boxbox.pacchetto.sim.SimClock;
import io.boxbox.pacchetto.sim.Variance;
import io.boxbox.proto.common.v1.StatusRequest;
import io.boxbox.proto.common.v1.StatusResponse;
import io.boxbox.proto.driver.v1.DeliverRequest;
import io.boxbox.proto.driver.v1.DeliveryStage;
import io.boxbox.proto.driver.v1.DeliveryUpdate;
import io.boxbox.proto.driver.v1.DriverServiceGrpc;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;

/**
 * Deliver: a free driver picks the pizza up and rides to the customer, reporting the way. A caller
 * hanging up before the pickup frees the driver; after it the ride goes on, and a new Deliver for
 * the same order re-attaches to it ({@link Rides}) instead of sending a second driver.
 */
@Singleton
public class DriverEndpoint extends DriverServiceGrpc.DriverServiceImplBase {

    /** The name of the detour mishap, settable through fault injection. */
    public static final String DETOUR = "detour";

    private static final Logger LOG = LoggerFactory.getLogger(DriverEndpoint.class);
    /** Even a delivery next door reports a few positions, so customers always see it move. */
    private static final int MIN_FIXES = 3;

    private final Crew drivers;
    private final Shift shift;
    private final Rides rides;
    private final Mishaps mishaps;
    private final DeliverySettings settings;
    private final PaddockMap map;
    private final SimClock clock;
    private final ServiceIdentity identity;
    private final GpsDevices devices;
    private final LongCounter detours = GlobalOpenTelemetry.getMeter("io.boxbox.kitchen")
            .counterBuilder("boxbox.delivery.detours").setDescription("Rides that took a detour").build();

    public DriverEndpoint(Crew drivers, Mishaps mishaps, DeliverySettings settings, PaddockMap map, SimClock clock,
                          ServiceIdentity identity, GpsDevices devices, Rides rides, RideBook book) {
        this.drivers = drivers;
        this.shift = new Shift(drivers);
        this.rides = rides;
        this.mishaps = mishaps;
        this.settings = settings;
        this.map = map;
        this.clock = clock;
        this.identity = identity;
        this.devices = devices;
    }

    @Override
    public void deliver(DeliverRequest request, StreamObserver<DeliveryUpdate> updates) {
        if (request.getOrderId().isBlank() || !request.hasDestination()) {
            updates.onError(Status.INVALID_ARGUMENT.withDescription("order_id and destination are required").asRuntimeException());
            return;
        }
        if (rides.follow(request.getOrderId(), updates)) {
            LOG.info("order {}: a caller re-attached to its ride", request.getOrderId());
            return;
        }
        GeoPoint kitchen = new GeoPoint(map.pizzeria().lat(), map.pizzeria().lon());
        GeoPoint destination = new GeoPoint(request.getDestination().getLat(), request.getDestination().getLon());
        shift.work(request.getOrderId(), clock.scale().wallClock(settings.pickupTime()), updates, (driver, job) -> {
            Optional<Ride> started = rides.start(request.getOrderId(), updates);
            if (started.isEmpty()) {
                // Another call for this order started its ride a moment ago: follow that one, one driver per pizza.
                rides.follow(request.getOrderId(), updates);
                return null;
            }
            Ride ride = started.get();
            boolean delivered = false;
            try {
                Route route = plan(driver, kitchen, destination);
                boolean detour = route.points().size() > 2;
                ride.send(update(request, DeliveryStage.DELIVERY_STAGE_ASSIGNED, driver, kitchen, route.rideTime(), false));
                clock.spend(settings.pickupTime());
                // The pizza is in the car: from here on a caller hanging up (a maestro gone) does not stop the ride.
                job.committed();
                ride.send(update(request, DeliveryStage.DELIVERY_STAGE_PICKED_UP, driver, kitchen, route.rideTime(), detour));
                ride(request, ride, driver, route, detour);
                rides.delivered(request.getOrderId(), ride,
                        update(request, DeliveryStage.DELIVERY_STAGE_DELIVERED, driver, destination, Duration.ZERO, detour));
                delivered = true;
                LOG.info("{} delivered order {} to {}", driver.name(), request.getOrderId(), request.getDestinationName());
            } finally {
                if (!delivered) {
                    rides.abandoned(request.getOrderId(), ride);
                }
            }
            return null;
        });
    }

    /** This ride's speed varies with the driver's mood; now and then they take a detour. */
    private Route plan(CrewMember driver, GeoPoint kitchen, GeoPoint destination) {
        Duration hourAtBaseSpeed = Duration.ofHours(1);
        double speed = settings.speedKmh() * hourAtBaseSpeed.toNanos()
                / (double) driver.timeFor(new Variance(hourAtBaseSpeed, settings.speedVariance())).toNanos();
        if (driver.suffers(mishaps.chance(DETOUR))) {
            detours.add(1, Attributes.of(AttributeKey.stringKey("boxbox.driver"), driver.name()));
            LOG.info("{} takes a detour", driver.name());
            return Route.withDetour(kitchen, destination, speed, 0.4);
        }
        return Route.direct(kitchen, destination, speed);
    }

    /**
     * Rides the route leg by leg. Each leg starts with an EN_ROUTE update to the maestro and ends
     * with the driver's GPS device reporting where it ended, so the device reports the same
     * positions as the gRPC stream from the first leg on, and its last fix is at the door. It does
     * not report the pizzeria: the customer has that from the pickup, and a fix sent at the moment
     * of pickup would reach the gateway before the pickup event that tells it who carries the order.
     */
    private void ride(DeliverRequest request, Ride updates, CrewMember driver, Route route,
                      boolean detour) throws InterruptedException {
        Duration ride = route.rideTime();
        long fixes = Math.max(MIN_FIXES, (long) Math.ceil((double) ride.toMillis() / settings.gpsInterval().toMillis()));
        Duration leg = ride.dividedBy(fixes);
        Optional<GpsDevice> device = devices.of(driver.name());
        for (long fix = 0; fix < fixes; fix++) {
            double done = (double) fix / fixes;
            Duration left = ride.minus(leg.multipliedBy(fix));
            updates.send(update(request, DeliveryStage.DELIVERY_STAGE_EN_ROUTE, driver, route.positionAt(done), left, detour));
            clock.spend(leg);
            double reached = (double) (fix + 1) / fixes;
            device.ifPresent(gps -> gps.report(fixAt(request, driver, route, reached)));
        }
    }

    /** What the device reports after covering {@code done} of the route; standing still once there. */
    private LocationFix fixAt(DeliverRequest request, CrewMember driver, Route route, double done) {
        GeoPoint at = route.positionAt(done);
        double speed = done >= 1 ? 0 : route.speedKmh();
        return new LocationFix(GpsTopics.deviceId(driver.name()), request.getOrderId(), at.lat(), at.lon(),
                route.headingAt(done), speed, clock.now());
    }

    @Override
    public void status(StatusRequest request, StreamObserver<StatusResponse> responses) {
        responses.onNext(CrewStatusMapper.toStatus(identity, drivers));
        responses.onCompleted();
    }

    private DeliveryUpdate update(DeliverRequest request, DeliveryStage stage, CrewMember driver, GeoPoint at,
                                  Duration eta, boolean detour) {
        return DeliveryUpdate.newBuilder()
                .setOrderId(request.getOrderId())
                .setStage(stage)
                .setDriver(driver.name())
                .setInstance(identity.instance())
                .setAt(ProtoTime.of(clock.now()))
                .setPosition(io.boxbox.proto.common.v1.GeoPoint.newBuilder().setLat(at.lat()).setLon(at.lon()))
                .setEtaSeconds(eta.toSeconds())
                .setDetail(detour ? "detour" : "")
                .setDetour(detour)
                .build();
    }
}
