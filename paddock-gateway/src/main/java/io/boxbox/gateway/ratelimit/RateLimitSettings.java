package io.boxbox.gateway.ratelimit;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Positive;

import java.time.Duration;
import java.util.List;

/**
 * Order rates ({@code boxbox.rate-limit.*}). Two token buckets must both have room: one per
 * username ({@code burst}, refilled at {@code orders-per-minute}) and a larger one per client
 * address ({@code address-burst}, {@code address-orders-per-minute}), so changing names does not
 * get round the limit and nobody can use up another person's allowance by ordering in their name
 * from elsewhere. The address is the peer's, or taken from {@code X-Forwarded-For} only when the
 * peer is one of {@code trusted-proxies} (addresses or CIDR ranges, e.g. Traefik's). Clients in
 * {@code exempt-addresses} skip the address bucket (a load generator; the per-person one still
 * applies). Each gateway replica counts its own requests.
 */
@ConfigurationProperties("boxbox.rate-limit")
public record RateLimitSettings(
        @Bindable(defaultValue = "true") boolean enabled,
        @Positive @Bindable(defaultValue = "20") int burst,
        @Positive @Bindable(defaultValue = "120") double ordersPerMinute,
        @Positive @Bindable(defaultValue = "100") int addressBurst,
        @Positive @Bindable(defaultValue = "600") double addressOrdersPerMinute,
        @Nullable List<String> trustedProxies,
        @Nullable List<String> exemptAddresses,
        @Positive @Bindable(defaultValue = "100000") int maxBuckets) {

    public RateLimitSettings {
        trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
        exemptAddresses = exemptAddresses == null ? List.of() : List.copyOf(exemptAddresses);
    }

    /** How long an untouched bucket takes to be full again: after that, forgetting it changes nothing. */
    static Duration refillTime(int burst, double perMinute) {
        return Duration.ofMillis((long) Math.ceil(burst / perMinute * 60_000));
    }
}
