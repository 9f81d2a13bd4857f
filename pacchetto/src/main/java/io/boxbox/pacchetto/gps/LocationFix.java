package io.boxbox.pacchetto.gps;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.boxbox.pacchetto.order.GeoPoint;

import java.time.Instant;

/**
 * One position report of a driver's GPS device, as published on
 * {@code boxbox/drivers/<driver_id>/location}: where the driver is, which way they face (degrees
 * clockwise from north), how fast they ride (simulated km/h) and when the device took the fix
 * (wall clock, ISO-8601 with sub-millisecond precision so relay latency can be measured from it).
 * Boxed numbers, so a payload that leaves one out is told apart from one that says 0.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record LocationFix(
        String driverId,
        String orderId,
        Double lat,
        Double lon,
        Double heading,
        Double speedKmh,
        Instant ts) {

    public GeoPoint position() {
        return new GeoPoint(lat, lon);
    }
}
