package io.boxbox.maestro.crew;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;

import java.time.Duration;
import java.util.List;

/**
 * The maestri on shift ({@code boxbox.maestro.*}, env {@code BOXBOX_MAESTRO_*}), named as in the
 * original Box Box, in simulated time. Each maestro juggles up to {@code orders-per-person} orders,
 * lunches every {@code period-between-lunch} for {@code lunch-duration} (taking no new orders, and
 * the service reports NOT_SERVING while every maestro is out), and smokes {@code smoke-duration}
 * after each order — twice as long with probability {@code probability-of-oversmoking ×
 * oversmoking-factor}. (The original assigned the longer smoke to a shadowed variable, so it
 * never happened; here it does.)
 */
@ConfigurationProperties("boxbox.maestro")
public record ShiftSettings(
        @NotEmpty @Bindable(defaultValue = "Enzo,Mattia") List<String> crew,
        @Positive @Bindable(defaultValue = "32") int ordersPerPerson,
        @NotNull @Bindable(defaultValue = "300s") Duration periodBetweenLunch,
        @NotNull @Bindable(defaultValue = "60s") Duration lunchDuration,
        @NotNull @Bindable(defaultValue = "5s") Duration smokeDuration,
        @DecimalMin("0") @DecimalMax("1") @Bindable(defaultValue = "0.1") double probabilityOfOversmoking,
        @PositiveOrZero @Bindable(defaultValue = "2") double oversmokingFactor) {
}
