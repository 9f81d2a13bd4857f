package io.boxbox.gateway.tracking;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.boxbox.gateway.order.OrderIds;
import io.boxbox.pacchetto.gps.GpsTopics;
import io.boxbox.pacchetto.gps.LocationFix;
import io.boxbox.pacchetto.menu.PaddockMap;
import io.boxbox.pacchetto.sim.SimSettings;
import io.boxbox.pacchetto.sim.TimeScale;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks every fix before it may reach a customer, as scrutineers check a car before it may race:
 * well-formed, from the device its topic names (the broker authenticated that much), live, inside
 * the served area, and reachable from the device's previous fix of the same ride at a speed
 * somebody could ride. Whether the device carries that order is for {@link TrackedOrders}.
 *
 * <p>Distances are simulated and timestamps are wall clock, so the time between two fixes is
 * divided by the time scale ({@code boxbox.sim.time-scale}, the same the drivers run at) before it
 * is compared with {@code max-speed-kmh}; at time scale 0 every ride is instant and no jump is
 * impossible. A new ride (another order) starts afresh: between rides the driver rides back to
 * the pizzeria without reporting.
 */
@Singleton
public class Scrutineer {

    /** GPS is not exact: a few tens of metres either way is noise, not a jump. */
    private static final double NOISE_KM = 0.05;

    private final ObjectReader reader;
    private final TrackingSettings settings;
    private final TimeScale scale;
    private final PaddockMap map;
    private final Map<String, LocationFix> lastPassed = new ConcurrentHashMap<>();

    public Scrutineer(ObjectMapper json, TrackingSettings settings, SimSettings sim, PaddockMap map) {
        this.reader = json.readerFor(LocationFix.class)
                .with(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES,
                        DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES,
                        DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.settings = settings;
        this.scale = new TimeScale(sim.timeScale());
        this.map = map;
    }

    public Verdict inspect(String topic, byte[] payload, Instant receivedAt) {
        Optional<String> device = GpsTopics.deviceOf(topic);
        if (device.isEmpty()) {
            return new Verdict.Refused(DropReason.MALFORMED, "not a location topic: " + topic, null, null);
        }
        LocationFix fix;
        try {
            fix = reader.readValue(payload);
        } catch (IOException e) {
            return refuse(DropReason.MALFORMED, "unreadable: " + firstLine(e.getMessage()), device.get(), null);
        }
        String shape = shapeProblem(fix, device.get());
        if (shape != null) {
            return refuse(DropReason.MALFORMED, shape, device.get(), fix.orderId());
        }
        LocationFix previous = lastPassed.get(device.get());
        boolean sameRide = previous != null && previous.orderId().equals(fix.orderId());
        Duration age = Duration.between(fix.ts(), receivedAt).abs();
        if (age.compareTo(settings.maxFixAge()) > 0) {
            return refuse(DropReason.STALE, "taken " + age.toMillis() + " ms from now", device.get(), fix.orderId());
        }
        if (sameRide && !fix.ts().isAfter(previous.ts())) {
            return refuse(DropReason.STALE, "not after the previous fix at " + previous.ts(), device.get(), fix.orderId());
        }
        if (!map.isServed(fix.position())) {
            return refuse(DropReason.OUTSIDE_AREA, "outside the served area", device.get(), fix.orderId());
        }
        if (fix.speedKmh() > settings.maxSpeedKmh()) {
            return refuse(DropReason.IMPOSSIBLE_JUMP, "reports " + fix.speedKmh() + " km/h", device.get(), fix.orderId());
        }
        if (sameRide && scale.factor() > 0) {
            double hours = Duration.between(previous.ts(), fix.ts()).toNanos() / scale.factor() / 3.6e12;
            double km = PaddockMap.distanceKm(previous.position(), fix.position());
            if (km > settings.maxSpeedKmh() * hours + NOISE_KM) {
                return refuse(DropReason.IMPOSSIBLE_JUMP, String.format(java.util.Locale.ROOT,
                        "%.0f m from the previous fix in %.1f simulated s", km * 1000, hours * 3600), device.get(), fix.orderId());
            }
        }
        lastPassed.put(device.get(), fix);
        return new Verdict.Passed(fix);
    }

    private static String shapeProblem(LocationFix fix, String device) {
        if (!device.equals(fix.driverId())) {
            return "driver_id '" + fix.driverId() + "' on " + device + "'s topic";
        }
        if (!OrderIds.isWellFormed(fix.orderId())) {
            return "order_id is not an order id";
        }
        if (!inRange(fix.lat(), -90, 90) || !inRange(fix.lon(), -180, 180)) {
            return "lat/lon out of range";
        }
        if (!inRange(fix.heading(), 0, 360)) {
            return "heading must be 0 to 360 degrees";
        }
        if (!inRange(fix.speedKmh(), 0, Double.MAX_VALUE)) {
            return "speed_kmh must be 0 or more";
        }
        return null;
    }

    private static boolean inRange(double value, double min, double max) {
        return Double.isFinite(value) && value >= min && value <= max;
    }

    private static Verdict refuse(DropReason reason, String detail, String device, String orderId) {
        return new Verdict.Refused(reason, detail, device, orderId);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }
}
