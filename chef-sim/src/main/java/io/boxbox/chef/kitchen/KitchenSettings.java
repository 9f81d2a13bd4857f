package io.boxbox.chef.kitchen;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;
import java.util.List;

/**
 * The topping bench and the oven ({@code boxbox.chef.*}): who cooks, how long topping takes and
 * how long each size bakes, in simulated time.
 */
@ConfigurationProperties("boxbox.chef")
public record KitchenSettings(
        @NotEmpty @Bindable(defaultValue = "Massimo,Sofia,Luca") List<String> crew,
        @NotNull @Bindable(defaultValue = "3s") Duration toppingTime,
        @Valid @NotNull BakeTimes bakeTime) {

    /** Bake time per size ({@code boxbox.chef.bake-time.*}). */
    @ConfigurationProperties("bake-time")
    public record BakeTimes(
            @NotNull @Bindable(defaultValue = "6s") Duration small,
            @NotNull @Bindable(defaultValue = "8s") Duration medium,
            @NotNull @Bindable(defaultValue = "10s") Duration large) {
    }
}
