package io.boxbox.pacchetto.jetstream;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;

/**
 * How to reach NATS ({@code boxbox.nats.*}, env {@code BOXBOX_NATS_URL}) and how long a JetStream
 * request may take before the caller gives up and reports the broker unreachable.
 */
@ConfigurationProperties("boxbox.nats")
public record NatsSettings(
        @NotBlank @Bindable(defaultValue = "nats://127.0.0.1:4222") String url,
        @NotNull @Bindable(defaultValue = "2s") Duration requestTimeout,
        @NotNull @Bindable(defaultValue = "7d") Duration eventRetention) {
}
