package io.boxbox.gateway.tracking;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import java.time.Duration;

/**
 * What the gateway believes of a driver's fix ({@code boxbox.gps.*}, env {@code BOXBOX_GPS_*}):
 * nobody in the paddock rides faster than {@code max-speed-kmh} (simulated km/h, like the drivers'
 * own speed), and a fix whose timestamp is further than {@code max-fix-age} (wall clock) from the
 * gateway's clock is not live any more, or was never real.
 */
@ConfigurationProperties("boxbox.gps")
public record TrackingSettings(
        @Positive @Bindable(defaultValue = "90") double maxSpeedKmh,
        @NotNull @Bindable(defaultValue = "10s") Duration maxFixAge) {
}
