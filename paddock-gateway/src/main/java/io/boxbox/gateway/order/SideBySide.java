package io.boxbox.gateway.order;

import io.nats.client.JetStreamApiException;
import io.opentelemetry.context.Context;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs two independent broker calls of one request at once, so the request waits for the slower
 * round trip instead of both in a row. The second call runs on a virtual thread of its own (they
 * only wait on the broker), in the request's trace context; the request's own thread runs the first.
 */
@Singleton
public class SideBySide {

    /** A blocking call to the broker. */
    @FunctionalInterface
    public interface BrokerCall<T> {
        T call() throws IOException, JetStreamApiException;
    }

    private final ExecutorService sides = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("side-", 0).factory());

    /**
     * Runs {@code side} while {@code main} runs, returns {@code main}'s result once both ended.
     * When both fail, {@code main}'s failure is thrown (the side's is attached as suppressed).
     */
    public <T> T alongside(BrokerCall<?> side, BrokerCall<T> main) throws IOException, JetStreamApiException {
        Future<?> running = sides.submit(Context.current().wrap(() -> side.call()));
        T result;
        try {
            result = main.call();
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            try {
                awaitSide(running);
            } catch (IOException | JetStreamApiException | RuntimeException sideFailure) {
                e.addSuppressed(sideFailure);
            }
            throw e;
        }
        awaitSide(running);
        return result;
    }

    private static void awaitSide(Future<?> running) throws IOException, JetStreamApiException {
        try {
            running.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for a broker call", e);
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case IOException io -> throw io;
                case JetStreamApiException api -> throw api;
                case RuntimeException runtime -> throw runtime;
                case Error error -> throw error;
                default -> throw new IOException(e.getCause());
            }
        }
    }

    @PreDestroy
    void close() {
        sides.shutdown();
    }
}
