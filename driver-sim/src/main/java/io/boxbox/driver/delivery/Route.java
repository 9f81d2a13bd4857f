package io.boxbox.driver.delivery;

import io.boxbox.pacchetto.menu.PaddockMap;
import io.boxbox.pacchetto.order.GeoPoint;

import java.time.Duration;

/** A ride from the pizzeria to the customer, straight across the paddock at a steady speed. */
public record Route(GeoPoint from, GeoPoint to, double speedKmh) {

    public double lengthKm() {
        return PaddockMap.distanceKm(from, to);
    }

    public Duration rideTime() {
        return Duration.ofMillis(Math.round(lengthKm() / speedKmh * 3_600_000));
    }

    /** Where the driver is after covering {@code fraction} (0..1) of the way. */
    public GeoPoint positionAt(double fraction) {
        double f = Math.max(0, Math.min(1, fraction));
        return new GeoPoint(from.lat() + (to.lat() - from.lat()) * f, from.lon() + (to.lon() - from.lon()) * f);
    }
}
