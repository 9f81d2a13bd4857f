package io.boxbox.pacchetto.crew;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;

/**
 * How a crew reports itself ({@code boxbox.crew.*}). {@code heartbeat-interval}: how often the
 * people are looked at for KV {@code staff}, where a change is written at once;
 * {@code heartbeat-refresh}: how long an unchanged person goes unwritten at most (well under the
 * gateway's {@code stale-after}, 5 s). {@code health-interval}: gRPC health follows the crew as
 * people leave and come back (told by the crew, or at the instant an absence is due to end), and
 * is also re-set this often whatever happened. {@code hand-wait}: how long (real time) a kitchen
 * request waits for a busy crew's hands to come free before it is refused with
 * RESOURCE_EXHAUSTED (0: refused at once).
 */
@ConfigurationProperties("boxbox.crew")
public record CrewSettings(
        @NotNull @Bindable(defaultValue = "1s") Duration heartbeatInterval,
        @NotNull @Bindable(defaultValue = "2s") Duration heartbeatRefresh,
        @NotNull @Bindable(defaultValue = "1s") Duration healthInterval,
        @NotNull @Bindable(defaultValue = "50ms") Duration handWait) {
}
