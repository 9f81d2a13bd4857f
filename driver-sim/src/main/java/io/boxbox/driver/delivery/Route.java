package io.boxbox.driver.delivery;

import io.boxbox.pacchetto.menu.PaddockMap;
import io.boxbox.pacchetto.order.GeoPoint;

import java.time.Duration;
import java.util.List;

/** A ride along a polyline (straight across the paddock, or with a detour) at a steady speed. */
public record Route(List<GeoPoint> points, double speedKmh) {

    public Route {
        if (points.size() < 2) {
            throw new IllegalArgumentException("a route needs a start and an end");
        }
        points = List.copyOf(points);
    }

    public static Route direct(GeoPoint from, GeoPoint to, double speedKmh) {
        return new Route(List.of(from, to), speedKmh);
    }

    /** The same trip by way of a point off to the side: {@code bend} times the direct length away from the midpoint. */
    public static Route withDetour(GeoPoint from, GeoPoint to, double speedKmh, double bend) {
        double midLat = (from.lat() + to.lat()) / 2;
        double midLon = (from.lon() + to.lon()) / 2;
        // perpendicular to the direct line (in degrees; fine over a few kilometres)
        GeoPoint aside = new GeoPoint(midLat - (to.lon() - from.lon()) * bend, midLon + (to.lat() - from.lat()) * bend);
        return new Route(List.of(from, aside, to), speedKmh);
    }

    public GeoPoint start() {
        return points.getFirst();
    }

    public GeoPoint end() {
        return points.getLast();
    }

    public double lengthKm() {
        double km = 0;
        for (int i = 1; i < points.size(); i++) {
            km += PaddockMap.distanceKm(points.get(i - 1), points.get(i));
        }
        return km;
    }

    public Duration rideTime() {
        return Duration.ofMillis(Math.round(lengthKm() / speedKmh * 3_600_000));
    }

    /** Which way the driver faces after covering {@code fraction} of the length: the bearing of that leg. */
    public double headingAt(double fraction) {
        double target = Math.max(0, Math.min(1, fraction)) * lengthKm();
        for (int i = 1; i < points.size(); i++) {
            double leg = PaddockMap.distanceKm(points.get(i - 1), points.get(i));
            if (target < leg || i == points.size() - 1) {
                return PaddockMap.bearingDegrees(points.get(i - 1), points.get(i));
            }
            target -= leg;
        }
        return PaddockMap.bearingDegrees(points.get(points.size() - 2), end());
    }

    /** Where the driver is after covering {@code fraction} (0..1) of the length. */
    public GeoPoint positionAt(double fraction) {
        double target = Math.max(0, Math.min(1, fraction)) * lengthKm();
        for (int i = 1; i < points.size(); i++) {
            GeoPoint a = points.get(i - 1);
            GeoPoint b = points.get(i);
            double leg = PaddockMap.distanceKm(a, b);
            if (target <= leg || i == points.size() - 1) {
                double f = leg == 0 ? 1 : Math.min(1, target / leg);
                return new GeoPoint(a.lat() + (b.lat() - a.lat()) * f, a.lon() + (b.lon() - a.lon()) * f);
            }
            target -= leg;
        }
        return end();
    }
}
