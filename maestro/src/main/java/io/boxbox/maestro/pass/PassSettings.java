package io.boxbox.maestro.pass;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import java.time.Duration;

/**
 * How the maestro runs the pass ({@code boxbox.maestro.*}): how many orders it pulls per fetch
 * and holds at once, how often it tells JetStream it is still working on them, and how long it
 * lets work in flight finish on shutdown before handing it back.
 */
@ConfigurationProperties("boxbox.maestro")
public record PassSettings(
        @NotBlank @Bindable(defaultValue = "Enzo") String name,
        @Positive @Bindable(defaultValue = "16") int batchSize,
        @NotNull @Bindable(defaultValue = "1s") Duration maxWait,
        @Positive @Bindable(defaultValue = "64") int maxInFlight,
        @NotNull @Bindable(defaultValue = "10s") Duration inProgressInterval,
        @NotNull @Bindable(defaultValue = "15m") Duration callDeadline,
        @NotNull @Bindable(defaultValue = "20s") Duration shutdownGrace) {
}
