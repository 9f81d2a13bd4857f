package io.boxbox.pacchetto.sim;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.PositiveOrZero;

/**
 * {@code boxbox.sim.time-scale} (env {@code BOXBOX_SIM_TIME_SCALE}) multiplies every simulated
 * duration: 1.0 is real time, 0.01 is a hundred times faster, 0 is no waiting at all.
 * {@code boxbox.sim.seed} seeds every random draw so a run can be replayed.
 */
@ConfigurationProperties("boxbox.sim")
public record SimSettings(
        @PositiveOrZero @Bindable(defaultValue = "1.0") double timeScale,
        @Bindable(defaultValue = "42") long seed) {
}
