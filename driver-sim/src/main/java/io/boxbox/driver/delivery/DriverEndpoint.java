package io.boxbox.driver.delivery;

import io.boxbox.pacchetto.telemetry.MishapMeter;
import io.boxbox.driver.gps.GpsDevice;
import io.boxbox.driver.gps.GpsDevices;
import io.boxbox.driver.ride.RideBook;
import io.boxbox.driver.ride.RideRecord;
import io.boxbox.pacchetto.crew.Crew;
import io.boxbox.pacchetto.crew.CrewMember;
import io.boxbox.pacchetto.crew.CrewSettings;
import io.boxbox.pacchetto.crew.CrewStatusMapper;
import io.boxbox.pacchetto.crew.Mishaps;
import io.boxbox.pacchetto.crew.Shift;
import io.boxbox.pacchetto.gps.GpsTopics;
import io.boxbox.pacchetto.gps.LocationFix;
import io.boxbox.pacchetto.grpc.ProtoTime;
import io.boxbox.pacchetto.grpc.Refusals;
import io.boxbox.pacchetto.identity.ServiceIdentity;
import io.boxbox.pacchetto.menu.PaddockMap;
import io.boxbox.pacchetto.order.GeoPoint;
import io.boxbox.pacchetto.sim.SimClock;
import io.boxbox.pacchetto.sim.Variance;
import io.boxbox.pacchetto.telemetry.Telemetry;
import io.boxbox.proto.common.v1.StatusRequest;
import io.boxbox.proto.common.v1.StatusResponse;
import io.boxbox.proto.driver.v1.DeliverRequest;
import io.boxbox.proto.driver.v1.DeliveryStage;
import io.boxbox.proto.driver.v1.DeliveryUpdate;
import io.boxbox.proto.driver.v1.DriverServiceGrpc;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.nats.client.JetStreamApiException;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Deliver: a free driver picks the pizza up and rides to the customer, reporting the way. A caller
 * hanging up before the pickup frees the driver; after it the ride goes on, and a new Deliver for
 * the same order re-attaches to it ({@link Rides}) instead of sending a second driver. The pickup
 * and the delivery are recorded in KV {@code rides} ({@link RideBook}), the truth across restarts
 * and replicas: an order on record is never given to another driver.
 */
@Singleton
public class DriverEndpoint extends DriverServiceGrpc.DriverServiceImplBase {

    /** The name of the detour mishap, settable through fault injection. */
    public static final String DETOUR = "detour";

    private static final Logger LOG = LoggerFactory.getLogger(DriverEndpoint.class);
    /** Even a delivery next door reports a few positions, so customers always see it move. */
    private static final int MIN_FIXES = 3;
    /** Wall-clock hint when KV rides cannot be read or written: a broker blip, usually over in a second. */
    private static final Duration BOOK_RETRY = Duration.ofSeconds(1);

    private final Crew drivers;
    private final Shift shift;
    private final Rides rides;
    private final Mishaps mishaps;
    private final DeliverySettings settings;
    private final PaddockMap map;
    private final SimClock clock;
    private final ServiceIdentity identity;
    private final GpsDevices devices;
    private final RideBook book;
    private final MishapMeter fleetMishaps = new MishapMeter("driver-sim");
    private final LongCounter detours = GlobalOpenTelemetry.getMeter("io.boxbox.kitchen")
            .counterBuilder("boxbox.delivery.detours").setDescription("Rides that took a detour").build();

    @Inject
    public DriverEndpoint(Crew drivers, Mishaps mishaps, DeliverySettings settings, PaddockMap map, SimClock clock,
                          ServiceIdentity identity, GpsDevices devices, Rides rides, RideBook book, CrewSettings crewSettings) {
        this(drivers, mishaps, settings, map, clock, identity, devices, rides, book,
                new Shift(drivers, crewSettings.handWait(), clock));
    }

    /** A depot whose busy fleet refuses at once (no hand-wait). */
    public DriverEndpoint(Crew drivers, Mishaps mishaps, DeliverySettings settings, PaddockMap map, SimClock clock,
                          ServiceIdentity identity, GpsDevices devices, Rides rides, RideBook book) {
        this(drivers, mishaps, settings, map, clock, identity, devices, rides, book, new Shift(drivers));
    }

    private DriverEndpoint(Crew drivers, Mishaps mishaps, DeliverySettings settings, PaddockMap map, SimClock clock,
                           ServiceIdentity identity, GpsDevices devices, Rides rides, RideBook book, Shift shift) {
        this.drivers = drivers;
        this.shift = shift;
        this.rides = rides;
        this.mishaps = mishaps;
        this.settings = settings;
        this.map = map;
        this.clock = clock;
        this.identity = identity;
        this.devices = devices;
        this.book = book;
    }

    @Override
    public void deliver(DeliverRequest request, StreamObserver<DeliveryUpdate> updates) {
        if (request.getOrderId().isBlank() || !request.hasDestination()) {
            updates.onError(Status.INVALID_ARGUMENT.withDescription("order_id and destination are required").asRuntimeException());
            return;
        }
        String orderId = request.getOrderId();
        if (rides.follow(orderId, updates)) {
            LOG.info("order {}: a caller re-attached to its ride", orderId);
            return;
        }
        Optional<RideRecord> recorded;
        try {
            recorded = book.find(orderId);
        } catch (IOException | JetStreamApiException e) {
            // Without the record nobody can tell whether the pizza is already in a car: refuse rather than send a second driver.
            LOG.warn("order {}: KV rides unreachable ({}); refusing the delivery", orderId, e.toString());
            updates.onError(Refusals.nobodyAvailable("driver-sim cannot read whether order " + orderId
                    + " is already out with a driver (KV rides unreachable); try again shortly", BOOK_RETRY));
            return;
        }
        if (recorded.isPresent()) {
            resume(recorded.get(), updates);
        } else {
            dispatch(request, updates);
        }
    }

    /** A new ride: a driver from this instance's crew, the pickup recorded before the pizza leaves. */
    private void dispatch(DeliverRequest request, StreamObserver<DeliveryUpdate> updates) {
        String orderId = request.getOrderId();
        GeoPoint kitchen = new GeoPoint(map.pizzeria().lat(), map.pizzeria().lon());
        GeoPoint destination = new GeoPoint(request.getDestination().getLat(), request.getDestination().getLon());
        shift.work(orderId, clock.scale().wallClock(settings.pickupTime()), updates, (driver, job) -> {
            Optional<Ride> started = rides.start(orderId, updates);
            if (started.isEmpty()) {
                // Another call for this order started its ride a moment ago: follow that one, one driver per pizza.
                rides.follow(orderId, updates);
                return null;
            }
            Ride ride = started.get();
            String abandoned = "the ride of order " + orderId + " was abandoned (caller gone or driver-sim closing)";
            boolean delivered = false;
            try {
                Route route = plan(driver, kitchen, destination);
                ride.send(update(orderId, DeliveryStage.DELIVERY_STAGE_ASSIGNED, driver.name(), clock.now(), kitchen,
                        route.rideTime(), false));
                clock.spend(settings.pickupTime());
                RideRecord onRecord;
                try {
                    onRecord = book.pickUp(RideRecord.pickedUp(orderId, driver.name(), identity.instance(),
                            request.getDestinationName(), route, fixes(route), clock.scale(), clock.now()));
                } catch (IOException | JetStreamApiException e) {
                    // An unrecorded pickup is one a restarted driver-sim would send out again: the pizza stays in.
                    LOG.warn("order {}: cannot record the pickup in KV rides ({}); the pizza stays at the pizzeria",
                            orderId, e.toString());
                    abandoned = "driver-sim cannot record the pickup of order " + orderId
                            + " (KV rides unreachable); the pizza is still at the pizzeria, try again shortly";
                    return null;
                }
                if (!onRecord.driver().equals(driver.name())) {
                    LOG.info("order {} was picked up by {} at {} first; {} goes back", orderId, onRecord.driver(),
                            onRecord.instance(), driver.name());
                }
                // The pizza is in the car: from here on a caller hanging up (a maestro gone) does not stop the ride.
                job.committed();
                rideToTheDoor(onRecord, ride);
                delivered = true;
            } finally {
                if (!delivered) {
                    rides.abandoned(orderId, ride, abandoned);
                }
            }
            return null;
        });
    }

    /**
     * An order with a recorded ride, whichever instance rode it: delivered is answered at once;
     * picked up, the same driver (by name, not taken from this crew) rides on from where the ride
     * should be by now. Nobody of this crew is sent: the pizza is already in that driver's car.
     */
    private void resume(RideRecord recorded, StreamObserver<DeliveryUpdate> updates) {
        String orderId = recorded.orderId();
        if (recorded.delivered()) {
            updates.onNext(update(orderId, DeliveryStage.DELIVERY_STAGE_DELIVERED, recorded.driver(), recorded.deliveredAt(),
                    recorded.plan().end(), Duration.ZERO, recorded.detour()));
            updates.onCompleted();
            return;
        }
        Optional<Ride> started = rides.start(orderId, updates);
        if (started.isEmpty()) {
            rides.follow(orderId, updates);
            return;
        }
        Ride ride = started.get();
        MDC.put("order_id", orderId);
        MDC.put("person", recorded.driver());
        Telemetry.tagCurrent(orderId, recorded.driver());
        LOG.info("{} rides on with order {}, picked up at {} by way of {}", recorded.driver(), orderId,
                recorded.pickedUpAt(), recorded.instance());
        boolean delivered = false;
        try {
            rideToTheDoor(recorded, ride);
            delivered = true;
        } catch (InterruptedException closing) {
            Thread.currentThread().interrupt();
        } finally {
            if (!delivered) {
                rides.abandoned(orderId, ride, "driver-sim is closing: order " + orderId + " is still with "
                        + recorded.driver() + ", ask again");
            }
            MDC.remove("order_id");
            MDC.remove("person");
        }
    }

    /** From the recorded pickup to the door, starting at the leg the ride should be on now (0 right after the pickup). */
    private void rideToTheDoor(RideRecord recorded, Ride ride) throws InterruptedException {
        String orderId = recorded.orderId();
        Route route = recorded.plan();
        ride.send(update(orderId, DeliveryStage.DELIVERY_STAGE_PICKED_UP, recorded.driver(), recorded.pickedUpAt(),
                route.start(), route.rideTime(), recorded.detour()));
        ride(recorded, ride, recorded.legsBehind(clock.now()));
        RideRecord done = recorded.deliveredAt(clock.now());
        try {
            book.delivered(done);
        } catch (IOException | JetStreamApiException e) {
            // Harmless: a later Deliver finds the ride picked up and long past its end, and is told DELIVERED.
            LOG.warn("order {}: cannot record the delivery in KV rides ({})", orderId, e.toString());
        }
        rides.delivered(orderId, ride, update(orderId, DeliveryStage.DELIVERY_STAGE_DELIVERED, recorded.driver(),
                done.deliveredAt(), route.end(), Duration.ZERO, recorded.detour()));
        LOG.info("{} delivered order {} to {}", recorded.driver(), orderId, recorded.destinationName());
    }

    /** Even a delivery next door reports a few positions; otherwise one per gps-interval. */
    private long fixes(Route route) {
        return Math.max(MIN_FIXES, (long) Math.ceil((double) route.rideTime().toMillis() / settings.gpsInterval().toMillis()));
    }

    /** This ride's speed varies with the driver's mood; now and then they take a detour. */
    private Route plan(CrewMember driver, GeoPoint kitchen, GeoPoint destination) {
        Duration hourAtBaseSpeed = Duration.ofHours(1);
        double speed = settings.speedKmh() * hourAtBaseSpeed.toNanos()
                / (double) driver.timeFor(new Variance(hourAtBaseSpeed, settings.speedVariance())).toNanos();
        if (driver.suffers(mishaps.chance(DETOUR))) {
            detours.add(1, Attributes.of(AttributeKey.stringKey("boxbox.driver"), driver.name()));
            fleetMishaps.mishap(DETOUR);
            LOG.info("{} takes a detour", driver.name());
            return Route.withDetour(kitchen, destination, speed, 0.4);
        }
        return Route.direct(kitchen, destination, speed);
    }

    /**
     * Rides the route leg by leg from leg {@code from}. Each leg starts with an EN_ROUTE update to
     * the maestro and ends with the driver's GPS device reporting where it ended, so the device
     * reports the same positions as the gRPC stream from the first leg on, and its last fix is at
     * the door. It does not report the pizzeria: the customer has that from the pickup, and a fix
     * sent at the moment of pickup would reach the gateway before the pickup event that tells it
     * who carries the order.
     */
    private void ride(RideRecord recorded, Ride updates, long from) throws InterruptedException {
        Route route = recorded.plan();
        Duration ride = route.rideTime();
        long fixes = recorded.fixes();
        Duration leg = ride.dividedBy(fixes);
        Optional<GpsDevice> device = devices.of(recorded.driver());
        for (long fix = from; fix < fixes; fix++) {
            double done = (double) fix / fixes;
            Duration left = ride.minus(leg.multipliedBy(fix));
            updates.send(update(recorded.orderId(), DeliveryStage.DELIVERY_STAGE_EN_ROUTE, recorded.driver(), clock.now(),
                    route.positionAt(done), left, recorded.detour()));
            clock.spend(leg);
            double reached = (double) (fix + 1) / fixes;
            device.ifPresent(gps -> gps.report(fixAt(recorded, route, reached)));
        }
    }

    /** What the device reports after covering {@code done} of the route; standing still once there. */
    private LocationFix fixAt(RideRecord recorded, Route route, double done) {
        GeoPoint at = route.positionAt(done);
        double speed = done >= 1 ? 0 : route.speedKmh();
        return new LocationFix(GpsTopics.deviceId(recorded.driver()), recorded.orderId(), at.lat(), at.lon(),
                route.headingAt(done), speed, clock.now());
    }

    @Override
    public void status(StatusRequest request, StreamObserver<StatusResponse> responses) {
        responses.onNext(CrewStatusMapper.toStatus(identity, drivers));
        responses.onCompleted();
    }

    private DeliveryUpdate update(String orderId, DeliveryStage stage, String driver, Instant when, GeoPoint position,
                                  Duration eta, boolean detour) {
        return DeliveryUpdate.newBuilder()
                .setOrderId(orderId)
                .setStage(stage)
                .setDriver(driver)
                .setInstance(identity.instance())
                .setAt(ProtoTime.of(when))
                .setPosition(io.boxbox.proto.common.v1.GeoPoint.newBuilder().setLat(position.lat()).setLon(position.lon()))
                .setEtaSeconds(eta.toSeconds())
                .setDetail(detour ? "detour" : "")
                .setDetour(detour)
                .build();
    }
}
