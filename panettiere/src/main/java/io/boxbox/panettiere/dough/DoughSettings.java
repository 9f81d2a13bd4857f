package io.boxbox.panettiere.dough;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;
import java.util.List;

/**
 * The dough station ({@code boxbox.panettiere.*}): who works it and how long one dough takes
 * in simulated time (scaled by {@code boxbox.sim.time-scale}).
 */
@ConfigurationProperties("boxbox.panettiere")
public record DoughSettings(
        @NotEmpty @Bindable(defaultValue = "Gino,Pina") List<String> crew,
        @NotNull @Bindable(defaultValue = "5s") Duration doughTime) {
}
