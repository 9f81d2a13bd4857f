package io.boxbox.pacchetto.crew;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;

/**
 * How often a crew reports itself ({@code boxbox.crew.*}): heartbeats to KV {@code staff}, and how
 * often gRPC health is re-evaluated from who is present. {@code hand-wait}: how long (real time)
 * a kitchen request waits for a busy crew's hands to come free before it is refused with
 * RESOURCE_EXHAUSTED (0: refused at once).
 */
@ConfigurationProperties("boxbox.crew")
public record CrewSettings(
        @NotNull @Bindable(defaultValue = "1s") Duration heartbeatInterval,
        @NotNull @Bindable(defaultValue = "100ms") Duration healthInterval,
        @NotNull @Bindable(defaultValue = "50ms") Duration handWait) {
}
