package io.boxbox.chef.kitchen;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import java.time.Duration;
import java.util.List;

/**
 * The topping bench and the oven ({@code boxbox.chef.*}, env {@code BOXBOX_CHEF_*}), in simulated
 * time. Chefs top one pizza at a time and take an espresso every {@code espresso-every} for
 * {@code espresso-duration}; the oven holds {@code oven-slots} pizzas; a pizza burns with
 * {@code probability-of-burning} and is then remade from the dough.
 */
@ConfigurationProperties("boxbox.chef")
public record KitchenSettings(
        @NotEmpty @Bindable(defaultValue = "Massimo,Sofia,Luca") List<String> crew,
        @NotNull @Bindable(defaultValue = "3s") Duration toppingTime,
        @DecimalMin("1") @Bindable(defaultValue = "1.3") double toppingVariance,
        @Valid @NotNull BakeTimes bakeTime,
        @DecimalMin("1") @Bindable(defaultValue = "1.2") double bakeVariance,
        @Positive @Bindable(defaultValue = "4") int ovenSlots,
        @NotNull @Bindable(defaultValue = "90s") Duration espressoEvery,
        @NotNull @Bindable(defaultValue = "5s") Duration espressoDuration,
        @DecimalMin("0") @DecimalMax("1") @Bindable(defaultValue = "0.05") double probabilityOfBurning) {

    /** Bake time per size ({@code boxbox.chef.bake-time.*}). */
    @ConfigurationProperties("bake-time")
    public record BakeTimes(
            @NotNull @Bindable(defaultValue = "6s") Duration small,
            @NotNull @Bindable(defaultValue = "8s") Duration medium,
            @NotNull @Bindable(defaultValue = "10s") Duration large) {
    }
}
