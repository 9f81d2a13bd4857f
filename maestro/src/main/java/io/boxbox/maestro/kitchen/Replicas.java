package io.boxbox.maestro.kitchen;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.netty.NettyChannelBuilder;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The maestro's way to one kitchen service, however many replicas it runs. The address setting
 * ({@code grpc.channels.<name>.address}) is one of:
 * <ul>
 *   <li>{@code host:port}: one replica, one plain channel, exactly as before balancing: the crew's
 *       own refusal (who is away, when they are back) is the answer;</li>
 *   <li>{@code h1:p1,h2:p2} (or {@code static:///h1:p1,h2:p2}): a fixed list, resolved by
 *       {@link StaticAddresses};</li>
 *   <li>any gRPC target with a scheme, e.g. {@code dns:///panettiere:8888} in containers, where
 *       the name resolves to every replica.</li>
 * </ul>
 * Over several replicas the channel balances with gRPC's {@code round_robin} and health checking
 * ({@code healthCheckConfig}, grpc-services' Watch on the service name {@code ""}, which
 * {@code CrewReporter} sets NOT_SERVING while nobody is on duty): a replica whose crew is away gets
 * no calls until it serves again. A refusal from a replica that is there but busy
 * (RESOURCE_EXHAUSTED) or emptied meanwhile (UNAVAILABLE) is retried by the channel's retry policy
 * on the next replica at once, so the maestro waits (and records a wait) only when every replica
 * it tried said "not now".
 * <p>
 * When every replica reports NOT_SERVING, round_robin would fail each call in the client with a
 * bare "Health-check service responded NOT_SERVING": no names, no retry-after hint. So while the
 * balanced channel is in TRANSIENT_FAILURE the call goes through the door, a second round_robin
 * channel without health checks, and a replica answers for itself ("nobody on duty at panettiere:
 * Gino asleep until …", with its {@code boxbox-retry-after-ms}): the maestro waits exactly as it
 * does with one replica. Calls never wait for ready: a refusal is always prompt.
 */
public final class Replicas extends Channel implements AutoCloseable {

    /** Attempts of one call across replicas (gRPC caps it at 5): the first and up to three others. */
    static final double ATTEMPTS = 4;

    private static final Pattern SCHEME = Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]*:/.*");

    private final String target;
    private final ManagedChannel balanced;
    private final ManagedChannel door;

    private Replicas(String target, ManagedChannel balanced, ManagedChannel door) {
        this.target = target;
        this.balanced = balanced;
        this.door = door;
    }

    /**
     * The channel for service {@code name} (panettiere, chef, driver) at {@code address}; a
     * malformed address stops the start naming the setting.
     */
    public static Replicas to(String name, String address) {
        String setting = "grpc.channels." + name + ".address (GRPC_CHANNELS_" + name.toUpperCase(Locale.ROOT) + "_ADDRESS)";
        String value = address == null ? "" : address.strip();
        if (value.isEmpty()) {
            throw new IllegalArgumentException(setting + " is empty: name host:port, a comma-separated list or a target such as dns:///" + name + ":port");
        }
        try {
            if (SCHEME.matcher(value).matches()) {
                if (value.startsWith(StaticAddresses.SCHEME + ":")) {
                    StaticAddresses.parse(value.substring(value.indexOf(':') + 1).replaceFirst("^/*", ""));
                }
                return balanced(value);
            }
            List<InetSocketAddress> addresses = StaticAddresses.parse(value);
            if (addresses.size() > 1 || value.contains(",")) {
                return balanced(StaticAddresses.SCHEME + ":///" + value.replace(" ", ""));
            }
            InetSocketAddress one = addresses.getFirst();
            ManagedChannel plain = NettyChannelBuilder.forAddress(one.getHostString(), one.getPort()).usePlaintext().build();
            return new Replicas(value, plain, null);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(setting + ": " + e.getMessage(), e);
        }
    }

    private static Replicas balanced(String target) {
        ManagedChannel checked = NettyChannelBuilder.forTarget(target).usePlaintext()
                .defaultServiceConfig(serviceConfig(true)).build();
        ManagedChannel door = NettyChannelBuilder.forTarget(target).usePlaintext()
                .defaultServiceConfig(serviceConfig(false)).build();
        return new Replicas(target, checked, door);
    }

    /**
     * round_robin, health checking (the door has none), and a retry of "not now" on the next
     * replica after a blink. Numbers are doubles: gRPC reads the map as parsed JSON.
     */
    static Map<String, Object> serviceConfig(boolean healthChecked) {
        Map<String, Object> retry = Map.of(
                "name", List.of(Map.of()),
                "retryPolicy", Map.of(
                        "maxAttempts", ATTEMPTS,
                        "initialBackoff", "0.01s",
                        "maxBackoff", "0.1s",
                        "backoffMultiplier", 2.0,
                        "retryableStatusCodes", List.of("UNAVAILABLE", "RESOURCE_EXHAUSTED")));
        Map<String, Object> roundRobin = Map.of(
                "loadBalancingConfig", List.of(Map.of("round_robin", Map.of())),
                "methodConfig", List.of(retry));
        if (!healthChecked) {
            return roundRobin;
        }
        Map<String, Object> config = new HashMap<>(roundRobin);
        config.put("healthCheckConfig", Map.of("serviceName", ""));
        return config;
    }

    /** Whether calls are balanced over replicas (a list or a resolved name), not sent to one address. */
    public boolean balanced() {
        return door != null;
    }

    public String target() {
        return target;
    }

    @Override
    public <Q, A> ClientCall<Q, A> newCall(MethodDescriptor<Q, A> method, CallOptions options) {
        if (door != null && balanced.getState(false) == ConnectivityState.TRANSIENT_FAILURE) {
            return door.newCall(method, options);
        }
        return balanced.newCall(method, options);
    }

    @Override
    public String authority() {
        return balanced.authority();
    }

    @Override
    public void close() throws InterruptedException {
        balanced.shutdownNow();
        if (door != null) {
            door.shutdownNow();
            door.awaitTermination(5, TimeUnit.SECONDS);
        }
        balanced.awaitTermination(5, TimeUnit.SECONDS);
    }
}
