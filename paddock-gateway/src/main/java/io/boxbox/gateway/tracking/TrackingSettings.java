package io.boxbox.gateway.tracking;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;

import java.time.Duration;

/**
 * What the gateway believes of a driver's fix ({@code boxbox.gps.*}, env {@code BOXBOX_GPS_*}):
 * nobody in the paddock rides faster than {@code max-speed-kmh} (simulated km/h, like the drivers'
 * own speed), and a fix whose timestamp is further than {@code max-fix-age} (wall clock) from the
 * gateway's clock is not live any more, or was never real.
 *
 * <p>{@code lanes} threads handle the fixes ({@code 0}: one per processor), each device's always on
 * the same lane and in order; a lane {@code lane-depth} fixes behind drops the next as {@code backlog}.
 */
@ConfigurationProperties("boxbox.gps")
public record TrackingSettings(
        @Positive @Bindable(defaultValue = "90") double maxSpeedKmh,
        @NotNull @Bindable(defaultValue = "10s") Duration maxFixAge,
        @PositiveOrZero @Bindable(defaultValue = "0") int lanes,
        @Positive @Bindable(defaultValue = "1000") int laneDepth) {

    /** The lanes to run: as configured, or one per processor. */
    public int laneCount() {
        return lanes > 0 ? lanes : Runtime.getRuntime().availableProcessors();
    }
}
