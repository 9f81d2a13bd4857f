package io.boxbox.pacchetto.jetstream;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import java.time.Duration;

/**
 * How to reach NATS ({@code boxbox.nats.*}, env {@code BOXBOX_NATS_URL}), how long a JetStream
 * request may take before the caller gives up and reports the broker unreachable, and how the
 * maestro consumer treats silence: an order not acked nor extended within {@code ack-wait} is
 * handed to another maestro, at most {@code max-deliveries} times, then marked FAILED.
 * {@code event-retention} is how long an order's journal (and its delivery bookkeeping) is kept,
 * {@code idempotency-ttl} how long an Idempotency-Key holds. A service with
 * {@code shape-topology} (env {@code BOXBOX_NATS_SHAPE_TOPOLOGY}, default true) brings the streams,
 * consumer and buckets to these values at start-up; one without (the kitchens under NATS users, whose
 * permissions do not allow it) waits until its buckets exist. {@code user}/{@code password} (env
 * {@code BOXBOX_NATS_USER}/{@code BOXBOX_NATS_PASSWORD}) log in as the service's NATS user
 * (deploy/nats/users.conf); empty connects without credentials, for a plain dev server.
 */
@ConfigurationProperties("boxbox.nats")
public record NatsSettings(
        @NotBlank @Bindable(defaultValue = "nats://127.0.0.1:4222") String url,
        @NotNull @Bindable(defaultValue = "2s") Duration requestTimeout,
        @NotNull @Bindable(defaultValue = "7d") Duration eventRetention,
        @NotNull @Bindable(defaultValue = "30s") Duration ackWait,
        @Positive @Bindable(defaultValue = "20") int maxDeliveries,
        @NotNull @Bindable(defaultValue = "24h") Duration idempotencyTtl,
        @Nullable String user,
        @Nullable String password,
        @Bindable(defaultValue = "true") boolean shapeTopology,
        @Min(1) @Max(5) @Bindable(defaultValue = "1") int replicas) {

    /**
     * Every node the client may use: {@code url} is one URL or a comma-separated list of a
     * cluster's nodes (env {@code BOXBOX_NATS_URL}); the client connects to one and reconnects to
     * whichever survives. {@code replicas} (env {@code BOXBOX_NATS_REPLICAS}) is how many copies of
     * every stream and bucket the shaping services keep: 3 on a 3-node cluster.
     */
    public String[] servers() {
        return java.util.Arrays.stream(url.split(",")).map(String::strip).filter(u -> !u.isEmpty())
                .toArray(String[]::new);
    }

    /** Whether the connection logs in with a user and password. */
    public boolean authenticated() {
        return user != null && !user.isBlank();
    }

    /**
     * The user's own reply subjects, {@code _INBOX_<user>.}: users.conf lets each user subscribe
     * only to its own, so no service can read the answers (KV values, admin replies) meant for another.
     */
    public static String inboxPrefixOf(String user) {
        return "_INBOX_" + user + ".";
    }
}
