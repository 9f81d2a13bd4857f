package io.boxbox.gateway.admin;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;

/**
 * Fault injection ({@code boxbox.admin.*}): off unless {@code token} (env {@code BOXBOX_ADMIN_TOKEN})
 * is set, and then only for requests bearing it. {@code gather} is how long to collect the answers
 * of a service's instances.
 */
@ConfigurationProperties("boxbox.admin")
public record AdminSettings(
        @Bindable(defaultValue = "") String token,
        @NotNull @Bindable(defaultValue = "500ms") Duration gather) {

    public boolean enabled() {
        return token != null && !token.isBlank();
    }
}
