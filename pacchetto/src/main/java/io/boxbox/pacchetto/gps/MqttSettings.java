package io.boxbox.pacchetto.gps;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;

/**
 * The project's MQTT broker for driver GPS ({@code boxbox.mqtt.*}, env {@code BOXBOX_MQTT_URL}):
 * where it is and how quickly to try again when it is gone. Per-user passwords are read by the
 * services that log in (driver devices, the gateway). {@code enabled=false} runs a service without
 * GPS (deliveries still stream over gRPC), for tests that do not start a broker.
 */
@ConfigurationProperties("boxbox.mqtt")
public record MqttSettings(
        @Bindable(defaultValue = "true") boolean enabled,
        @NotBlank @Bindable(defaultValue = "tcp://127.0.0.1:11883") String url,
        @NotNull @Bindable(defaultValue = "2s") Duration reconnectMaxDelay,
        @NotNull @Bindable(defaultValue = "10s") Duration keepAlive) {
}
