package io.boxbox.gateway.tracking;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.time.Instant;

/**
 * The data of an {@code event: location} frame: where the order's driver is and how long until the
 * door. {@code eta_seconds} is simulated seconds, like the snapshot's: the distance left as the
 * crow flies at the speed the device reports; 0 at the door, absent while stopped elsewhere.
 * {@code ts} is when the device took the fix.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LocationUpdate(
        String orderId,
        String driver,
        double lat,
        double lon,
        double heading,
        double speedKmh,
        Long etaSeconds,
        Instant ts) {
}
