package io.boxbox.gateway.order;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Positive;

/**
 * Per-person order rate ({@code boxbox.rate-limit.*}): a bucket of {@code burst} orders per
 * username, refilled at {@code orders-per-minute}. Each gateway replica counts its own requests.
 */
@ConfigurationProperties("boxbox.rate-limit")
public record RateLimitSettings(
        @Bindable(defaultValue = "true") boolean enabled,
        @Positive @Bindable(defaultValue = "20") int burst,
        @Positive @Bindable(defaultValue = "120") double ordersPerMinute) {
}
