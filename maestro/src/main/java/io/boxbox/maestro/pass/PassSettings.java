package io.boxbox.maestro.pass;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;

import java.time.Duration;

/**
 * How the maestro runs the pass ({@code boxbox.maestro.*}): how many orders it pulls per fetch and
 * how long a fetch may wait, how often it tells JetStream it is still working on held orders, the
 * deadline of one kitchen call, how long an order may wait for a kitchen service before it counts
 * as stuck and is handed back, and how long work in flight may finish on shutdown before it is
 * handed back. {@code max-attempts} is how many times maestri may really start on one order (counted
 * in the order's own record, not by JetStream's deliveries) before it is FAILED; {@code max-remakes}
 * how many pizzas of one order may be started again after a burn or a loss before it is FAILED;
 * {@code sweep-interval} how often the sweeper looks for orders JetStream will not deliver again.
 */
@ConfigurationProperties("boxbox.maestro")
public record PassSettings(
        @Positive @Bindable(defaultValue = "16") int batchSize,
        @NotNull @Bindable(defaultValue = "1s") Duration maxWait,
        @NotNull @Bindable(defaultValue = "10s") Duration inProgressInterval,
        @NotNull @Bindable(defaultValue = "15m") Duration callDeadline,
        @NotNull @Bindable(defaultValue = "20s") Duration shutdownGrace,
        @NotNull @Bindable(defaultValue = "10m") Duration stuckAfter,
        @Positive @Bindable(defaultValue = "5") int maxAttempts,
        @PositiveOrZero @Bindable(defaultValue = "3") int maxRemakes,
        @NotNull @Bindable(defaultValue = "30s") Duration sweepInterval) {
}
