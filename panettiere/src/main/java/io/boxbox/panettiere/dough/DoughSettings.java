package io.boxbox.panettiere.dough;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;

import java.time.Duration;
import java.util.List;

/**
 * The dough station ({@code boxbox.panettiere.*}, env {@code BOXBOX_PANETTIERE_*}), named as in
 * the original Box Box. All durations are simulated time, scaled by {@code boxbox.sim.time-scale}.
 * Each panettiere sleeps every {@code period-between-sleep} for {@code sleep-duration}, finishing
 * the dough in hand first, and oversleeps (sleeps twice as long) with probability
 * {@code probability-of-oversleeping × oversleeping-factor}. One dough takes {@code dough-time},
 * varying uniformly between {@code dough-time / dough-variance} and {@code dough-time × dough-variance}.
 */
@ConfigurationProperties("boxbox.panettiere")
public record DoughSettings(
        @NotEmpty @Bindable(defaultValue = "Gino,Pina") List<String> crew,
        @NotNull @Bindable(defaultValue = "60s") Duration periodBetweenSleep,
        @NotNull @Bindable(defaultValue = "20s") Duration sleepDuration,
        @DecimalMin("0") @DecimalMax("1") @Bindable(defaultValue = "0.1") double probabilityOfOversleeping,
        @PositiveOrZero @Bindable(defaultValue = "2") double oversleepingFactor,
        @NotNull @Bindable(defaultValue = "5s") Duration doughTime,
        @DecimalMin("1") @Bindable(defaultValue = "1.5") double doughVariance) {
}
