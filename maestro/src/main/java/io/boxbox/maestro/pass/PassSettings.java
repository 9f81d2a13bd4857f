package io.boxbox.maestro.pass;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import java.time.Duration;

/**
 * How the maestro runs the pass ({@code boxbox.maestro.*}): how many orders it pulls per fetch and
 * how long a fetch may wait, how often it tells JetStream it is still working on held orders, the
 * deadline of one kitchen call, how long an order may wait for a kitchen service before it counts
 * as stuck and is handed back, and how long work in flight may finish on shutdown before it is
 * handed back.
 */
@ConfigurationProperties("boxbox.maestro")
public record PassSettings(
        @Positive @Bindable(defaultValue = "16") int batchSize,
        @NotNull @Bindable(defaultValue = "1s") Duration maxWait,
        @NotNull @Bindable(defaultValue = "10s") Duration inProgressInterval,
        @NotNull @Bindable(defaultValue = "15m") Duration callDeadline,
        @NotNull @Bindable(defaultValue = "20s") Duration shutdownGrace,
        @NotNull @Bindable(defaultValue = "10m") Duration stuckAfter) {
}
