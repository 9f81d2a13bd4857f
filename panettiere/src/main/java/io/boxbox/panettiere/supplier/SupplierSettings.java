package io.boxbox.panettiere.supplier;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;

import java.time.Duration;

/**
 * The supplier ({@code boxbox.supplier.*}, env {@code BOXBOX_SUPPLIER_*}), a person hosted by the
 * panettiere. A trip to the wholesaler and back takes {@code drive-time} (simulated, scaled),
 * varying uniformly between {@code drive-time / drive-variance} and {@code drive-time × drive-variance};
 * with probability {@code probability-of-late-truck × late-truck-factor} (mishap {@code late_truck})
 * the truck is late and the trip takes twice as long. Besides hearing low-stock events, the
 * supplier looks at the shelves every {@code check-every} (wall-clock, so it holds at time scale 0),
 * which also catches an event missed while NATS was away.
 */
@ConfigurationProperties("boxbox.supplier")
public record SupplierSettings(
        @Bindable(defaultValue = "true") boolean enabled,
        @NotBlank @Bindable(defaultValue = "Bruno") String name,
        @NotNull @Bindable(defaultValue = "10m") Duration driveTime,
        @DecimalMin("1") @Bindable(defaultValue = "1.3") double driveVariance,
        @DecimalMin("0") @DecimalMax("1") @Bindable(defaultValue = "0.1") double probabilityOfLateTruck,
        @PositiveOrZero @Bindable(defaultValue = "2") double lateTruckFactor,
        @NotNull @Bindable(defaultValue = "5s") Duration checkEvery) {
}
