package io.boxbox.gateway.jetstream;

import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.NatsMessage;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A JetStream write already sent, whose acknowledgement is awaited later: the request sends it, does
 * its other broker call meanwhile on its own thread, then {@link #await}s both. Two writes that do
 * not depend on each other cost one round trip, and no second thread (before, the side call ran on a
 * virtual thread of its own: a start, two hand-overs and a park per pair). A key-value write is a
 * publish to the bucket's subject {@code $KV.<bucket>.<key>}, exactly what jnats' {@code KeyValue}
 * sends: {@code put} without conditions, {@code update} expecting the key's last revision.
 */
public final class PendingWrite {

    private final CompletableFuture<PublishAck> ack;
    private final Duration timeout;
    private final String what;

    private PendingWrite(CompletableFuture<PublishAck> ack, Duration timeout, String what) {
        this.ack = ack;
        this.timeout = timeout;
        this.what = what;
    }

    /** Sends {@code value} to key-value {@code bucket}'s {@code key} ({@code put}). */
    public static PendingWrite put(JetStream jetStream, String bucket, String key, byte[] value, Duration timeout) {
        return send(jetStream, bucket, key, value, null, timeout);
    }

    /** Sends {@code value} to {@code key} if its last revision is still {@code revision} ({@code update}). */
    public static PendingWrite update(JetStream jetStream, String bucket, String key, byte[] value, long revision,
                                      Duration timeout) {
        return send(jetStream, bucket, key, value,
                PublishOptions.builder().expectedLastSubjectSequence(revision).build(), timeout);
    }

    private static PendingWrite send(JetStream jetStream, String bucket, String key, byte[] value,
                                     PublishOptions options, Duration timeout) {
        NatsMessage message = NatsMessage.builder().subject("$KV." + bucket + "." + key).data(value).build();
        // Throws at once (nothing sent) when the connection is down: jnats keeps no reconnect buffer here.
        return new PendingWrite(jetStream.publishAsync(message, options), timeout, bucket + " " + key);
    }

    /**
     * Waits for the acknowledgement, at most the request timeout from now. A refusal by the server
     * (a revision that moved on) is its {@link JetStreamApiException}; no answer in time is an
     * {@link IOException}, and the write may still have been stored.
     */
    public PublishAck await() throws IOException, JetStreamApiException {
        try {
            return ack.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the acknowledgement of " + what, e);
        } catch (TimeoutException | CancellationException e) {
            throw new IOException("no acknowledgement of " + what + " within " + timeout, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            // jnats wraps the server's refusal in a plain RuntimeException inside the future
            while ((cause instanceof CompletionException || cause.getClass() == RuntimeException.class)
                    && cause.getCause() != null) {
                cause = cause.getCause();
            }
            switch (cause) {
                case JetStreamApiException api -> throw api;
                case IOException io -> throw io;
                case RuntimeException runtime -> throw runtime;
                case Error error -> throw error;
                default -> throw new IOException("the write of " + what + " failed", cause);
            }
        }
    }
}
