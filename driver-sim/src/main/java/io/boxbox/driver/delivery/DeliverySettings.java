package io.boxbox.driver.delivery;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import java.time.Duration;
import java.util.List;

/**
 * The delivery fleet ({@code boxbox.driver.*}, env {@code BOXBOX_DRIVER_*}), in simulated time:
 * who drives, how long a pickup takes, how fast they ride (varying per ride by
 * {@code speed-variance}), how often their device reports a position, their breaks, and the odds
 * of a detour.
 */
@ConfigurationProperties("boxbox.driver")
public record DeliverySettings(
        @NotEmpty @Bindable(defaultValue = "Kimi,Nico,Mika,Jenson") List<String> fleet,
        @NotNull @Bindable(defaultValue = "20s") Duration pickupTime,
        @Positive @Bindable(defaultValue = "18") double speedKmh,
        @DecimalMin("1") @Bindable(defaultValue = "1.3") double speedVariance,
        @NotNull @Bindable(defaultValue = "5s") Duration gpsInterval,
        @NotNull @Bindable(defaultValue = "120s") Duration breakEvery,
        @NotNull @Bindable(defaultValue = "15s") Duration breakDuration,
        @DecimalMin("0") @DecimalMax("1") @Bindable(defaultValue = "0.1") double probabilityOfDetour) {
}
