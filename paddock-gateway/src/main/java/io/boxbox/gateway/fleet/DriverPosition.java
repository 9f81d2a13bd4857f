package io.boxbox.gateway.fleet;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.boxbox.pacchetto.gps.LocationFix;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;

/**
 * The data of a {@code GET /v1/drivers/sse} location frame: where a driver's device last said it
 * was, and for which order. {@code driver} is the device id (the topic's, {@code kimi}); {@code ts}
 * is the device's time of the fix.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(name = "DriverPosition")
public record DriverPosition(String driver, String orderId, double lat, double lon, double heading, double speedKmh,
                             Instant ts) {

    static DriverPosition of(LocationFix fix) {
        return new DriverPosition(fix.driverId(), fix.orderId(), fix.lat(), fix.lon(), fix.heading(), fix.speedKmh(),
                fix.ts());
    }
}
