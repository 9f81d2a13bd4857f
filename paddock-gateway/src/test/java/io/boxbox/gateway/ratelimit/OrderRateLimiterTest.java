package io.boxbox.gateway.ratelimit;

import io.boxbox.gateway.problem.TooManyOrdersException;
import io.boxbox.pacchetto.testing.ManualClock;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The two buckets, who the client is behind a proxy, and forgetting buckets nobody uses. */
class OrderRateLimiterTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-09-06T12:00:00Z"));

    private static RateLimitSettings settings(List<String> trustedProxies, List<String> exempt) {
        // 2 orders per person, 4 per address, each refilled at 1 a minute
        return new RateLimitSettings(true, 2, 1, 4, 1, trustedProxies, exempt, 1_000);
    }

    private OrderRateLimiter limiter(RateLimitSettings settings) {
        return new OrderRateLimiter(settings, new ClientAddress(settings), clock);
    }

    @Test
    void aClientChangingUsernamesIsStillLimitedByItsAddress() throws Exception {
        OrderRateLimiter limiter = limiter(settings(List.of(), List.of()));
        InetAddress client = InetAddress.getByName("192.0.2.7");
        for (int i = 0; i < 4; i++) {
            limiter.admit("tifoso-" + i, client);
        }
        TooManyOrdersException refused = assertThrows(TooManyOrdersException.class, () -> limiter.admit("tifoso-99", client));
        assertTrue(refused.getMessage().contains("address"), refused.getMessage());
        assertDoesNotThrow(() -> limiter.admit("tifoso-99", InetAddress.getByName("192.0.2.8")), "another address is not affected");
    }

    @Test
    void onePersonIsLimitedWhateverTheAddress() throws Exception {
        OrderRateLimiter limiter = limiter(settings(List.of(), List.of()));
        limiter.admit("charles", InetAddress.getByName("192.0.2.1"));
        limiter.admit("charles", InetAddress.getByName("192.0.2.2"));
        assertThrows(TooManyOrdersException.class, () -> limiter.admit("charles", InetAddress.getByName("192.0.2.3")));
    }

    @Test
    void anExemptAddressSkipsTheAddressBucketButNotThePersonBucket() throws Exception {
        OrderRateLimiter limiter = limiter(settings(List.of(), List.of("127.0.0.0/8")));
        InetAddress loadGenerator = InetAddress.getByName("127.0.0.1");
        for (int i = 0; i < 50; i++) {
            limiter.admit("tifoso-" + i, loadGenerator);
        }
        limiter.admit("lewis", loadGenerator);
        limiter.admit("lewis", loadGenerator);
        assertThrows(TooManyOrdersException.class, () -> limiter.admit("lewis", loadGenerator));
    }

    @Test
    void xForwardedForCountsOnlyFromATrustedProxy() throws Exception {
        ClientAddress behindTraefik = new ClientAddress(settings(List.of("10.0.0.0/24"), List.of()));
        InetAddress traefik = InetAddress.getByName("10.0.0.5");
        InetAddress stranger = InetAddress.getByName("198.51.100.4");

        assertEquals(stranger, behindTraefik.of(stranger, List.of("203.0.113.9")), "a stranger cannot say who it is");
        assertEquals(InetAddress.getByName("203.0.113.9"), behindTraefik.of(traefik, List.of("203.0.113.9")));
        assertEquals(InetAddress.getByName("203.0.113.9"), behindTraefik.of(traefik, List.of("1.2.3.4, 203.0.113.9, 10.0.0.7")),
                "read from the right, past trusted proxies; what the client wrote further left proves nothing");
        assertEquals(traefik, behindTraefik.of(traefik, List.of()), "no header: the proxy itself");
        assertEquals(traefik, behindTraefik.of(traefik, List.of("not-an-address")));
    }

    @Test
    void aBucketLeftAloneUntilFullIsForgottenAndOnlyThen() throws Exception {
        OrderRateLimiter limiter = limiter(settings(List.of(), List.of()));
        InetAddress client = InetAddress.getByName("192.0.2.7");
        limiter.admit("kimi", client);
        limiter.admit("kimi", client);
        assertArrayEquals(new long[] {1, 1}, limiter.held());

        clock.advance(Duration.ofSeconds(30));
        assertArrayEquals(new long[] {1, 1}, limiter.held(), "not yet full again: still remembered");
        assertThrows(TooManyOrdersException.class, () -> limiter.admit("kimi", client), "and still limiting");

        clock.advance(Duration.ofMinutes(5));
        assertArrayEquals(new long[] {0, 0}, limiter.held(), "idle past its refill time: evicted");
        assertDoesNotThrow(() -> limiter.admit("kimi", client), "which is what a full bucket would allow anyway");
    }

    @Test
    void aBadRangeFailsAtStartUpNamingTheProperty() {
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> new ClientAddress(settings(List.of("traefik.internal"), List.of())));
        assertTrue(bad.getMessage().contains("boxbox.rate-limit.trusted-proxies"), bad.getMessage());
    }
}
