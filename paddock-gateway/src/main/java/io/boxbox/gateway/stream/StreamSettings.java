package io.boxbox.gateway.stream;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Positive;

/**
 * SSE streams ({@code boxbox.sse.*}): each client may fall {@code buffer} state frames behind;
 * one that falls further is dropped (its connection closed) rather than buffered without limit.
 * Its browser reconnects with Last-Event-ID and picks up where it left.
 */
@ConfigurationProperties("boxbox.sse")
public record StreamSettings(@Positive @Bindable(defaultValue = "512") int buffer) {
}
