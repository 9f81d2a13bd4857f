package io.boxbox.gateway.ratelimit;

import io.boxbox.gateway.problem.TooManyOrdersException;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Keeps one hungry mechanic from flooding the kitchen: an order needs room in its person's bucket
 * and in its address's (see {@link RateLimitSettings}).
 */
@Singleton
public class OrderRateLimiter {

    private final RateLimitSettings settings;
    private final ClientAddress clientAddress;
    private final List<AddressRange> exempt;
    private final TokenBuckets people;
    private final TokenBuckets addresses;

    @Inject
    public OrderRateLimiter(RateLimitSettings settings, ClientAddress clientAddress) {
        this(settings, clientAddress, Clock.systemUTC());
    }

    OrderRateLimiter(RateLimitSettings settings, ClientAddress clientAddress, Clock clock) {
        this.settings = settings;
        this.clientAddress = clientAddress;
        this.exempt = settings.exemptAddresses().stream()
                .map(spec -> AddressRange.parse(spec, "boxbox.rate-limit.exempt-addresses")).toList();
        this.people = new TokenBuckets(settings.burst(), settings.ordersPerMinute(), settings.maxBuckets(), clock);
        this.addresses = new TokenBuckets(settings.addressBurst(), settings.addressOrdersPerMinute(),
                settings.maxBuckets(), clock);
    }

    /** Takes one order from the address's and the person's allowance, or throws with how long to wait. */
    public void admit(String username, HttpRequest<?> request) {
        if (!settings.enabled()) {
            return;
        }
        admit(username, clientAddress.of(request));
    }

    void admit(String username, InetAddress address) {
        if (!settings.enabled()) {
            return;
        }
        if (address != null && exempt.stream().noneMatch(range -> range.contains(address))) {
            Duration wait = addresses.take(address.getHostAddress());
            if (!wait.isZero()) {
                throw TooManyOrdersException.fromAddress(wait);
            }
        }
        Duration wait = people.take(username);
        if (!wait.isZero()) {
            throw TooManyOrdersException.fromPerson(username, wait);
        }
    }

    /** Buckets held now (people, addresses), for tests of eviction. */
    long[] held() {
        return new long[] {people.held(), addresses.held()};
    }
}
