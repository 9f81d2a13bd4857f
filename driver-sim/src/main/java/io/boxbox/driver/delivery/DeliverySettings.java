package io.boxbox.driver.delivery;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import java.time.Duration;
import java.util.List;

/**
 * The delivery fleet ({@code boxbox.driver.*}): the drivers, how long a pickup takes, how fast they
 * ride and how often their device reports a position, all in simulated time.
 */
@ConfigurationProperties("boxbox.driver")
public record DeliverySettings(
        @NotEmpty @Bindable(defaultValue = "Kimi,Nico,Mika,Jenson") List<String> fleet,
        @NotNull @Bindable(defaultValue = "20s") Duration pickupTime,
        @Positive @Bindable(defaultValue = "18") double speedKmh,
        @NotNull @Bindable(defaultValue = "5s") Duration gpsInterval) {
}
