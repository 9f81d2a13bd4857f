package io.boxbox.driver.ride;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.boxbox.driver.delivery.Route;
import io.boxbox.pacchetto.order.GeoPoint;
import io.boxbox.pacchetto.sim.TimeScale;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One order's ride as KV {@code rides} keeps it: who carries the pizza, the plan (route, speed,
 * number of fixes, and the time scale it was ridden at) and when it was picked up and delivered.
 * The plan is enough for any driver-sim instance to tell where the ride should be now and to
 * ride the rest of it in the same driver's name.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RideRecord(String orderId, String driver, String instance, String destinationName, List<GeoPoint> route,
                         double speedKmh, long fixes, double timeScale, Instant pickedUpAt, Instant deliveredAt) {

    public RideRecord {
        route = List.copyOf(route);
    }

    public static RideRecord pickedUp(String orderId, String driver, String instance, String destinationName,
                                      Route route, long fixes, TimeScale scale, Instant at) {
        return new RideRecord(orderId, driver, instance, destinationName, route.points(), route.speedKmh(), fixes,
                scale.factor(), at, null);
    }

    public RideRecord deliveredAt(Instant at) {
        return new RideRecord(orderId, driver, instance, destinationName, route, speedKmh, fixes, timeScale, pickedUpAt, at);
    }

    @JsonIgnore
    public boolean delivered() {
        return deliveredAt != null;
    }

    @JsonIgnore
    public Route plan() {
        return new Route(route, speedKmh);
    }

    @JsonIgnore
    public boolean detour() {
        return route.size() > 2;
    }

    /**
     * How many legs of the ride are behind the driver at {@code now} (wall clock), had the ride gone
     * on at the pace it was picked up at: 0 right after the pickup, {@link #fixes()} at the door.
     */
    public long legsBehind(Instant now) {
        Duration ride = new TimeScale(timeScale).wallClock(plan().rideTime());
        Duration since = Duration.between(pickedUpAt, now);
        if (ride.isZero() || since.compareTo(ride) >= 0) {
            return fixes;
        }
        if (since.isNegative()) {
            return 0;
        }
        return Math.min(fixes, (long) Math.floor((double) since.toNanos() / ride.toNanos() * fixes));
    }
}
