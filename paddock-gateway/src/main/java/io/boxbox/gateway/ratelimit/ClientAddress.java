package io.boxbox.gateway.ratelimit;

import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;

/**
 * Who is really asking. Behind a proxy (Traefik) every request comes from the proxy, so the
 * client is read from {@code X-Forwarded-For}, but only when the peer is a configured trusted
 * proxy: anybody else could write any address there. The header is read from the right, skipping
 * trusted proxies, and the first address that is not one is the client (entries further left were
 * written by the client itself and prove nothing).
 */
@Singleton
public class ClientAddress {

    private static final String FORWARDED_FOR = "X-Forwarded-For";

    private final List<AddressRange> trustedProxies;

    public ClientAddress(RateLimitSettings settings) {
        this.trustedProxies = settings.trustedProxies().stream()
                .map(spec -> AddressRange.parse(spec, "boxbox.rate-limit.trusted-proxies")).toList();
    }

    public InetAddress of(HttpRequest<?> request) {
        InetSocketAddress remote = request.getRemoteAddress();
        return of(remote.getAddress(), request.getHeaders().getAll(FORWARDED_FOR));
    }

    /** The client behind {@code peer}, given the request's {@code X-Forwarded-For} values. */
    InetAddress of(InetAddress peer, List<String> forwardedFor) {
        if (peer == null || !isTrustedProxy(peer)) {
            return peer;
        }
        List<String> hops = forwardedFor.stream()
                .flatMap(value -> Arrays.stream(value.split(",")))
                .map(String::strip)
                .filter(hop -> !hop.isEmpty())
                .toList();
        InetAddress client = peer;
        for (int i = hops.size() - 1; i >= 0; i--) {
            InetAddress hop = AddressRange.literalOrNull(hops.get(i));
            if (hop == null) {
                // Garbage further left is the client's own writing; the last good hop stands.
                break;
            }
            client = hop;
            if (!isTrustedProxy(hop)) {
                break;
            }
        }
        return client;
    }

    private boolean isTrustedProxy(InetAddress address) {
        return trustedProxies.stream().anyMatch(range -> range.contains(address));
    }
}
