package io.boxbox.gateway.order;

import io.micronaut.scheduling.TaskExecutors;
import io.nats.client.JetStreamApiException;
import io.opentelemetry.context.Context;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Runs two independent broker calls of one request at once, so the request waits for the slower
 * round trip instead of both in a row. The side call runs on Micronaut's blocking executor (the one
 * the controllers block on; virtual threads on JDK 21+), in the request's trace context; the
 * request's own thread runs the main call.
 */
@Singleton
public class SideBySide {

    /** A blocking call to the broker that answers something. */
    @FunctionalInterface
    public interface BrokerCall<T> {
        T call() throws IOException, JetStreamApiException;
    }

    /** A blocking call to the broker that only has to have happened. */
    @FunctionalInterface
    public interface BrokerTask {
        void run() throws IOException, JetStreamApiException;
    }

    private final ExecutorService sides;

    public SideBySide(@Named(TaskExecutors.BLOCKING) ExecutorService sides) {
        this.sides = sides;
    }

    /**
     * Runs {@code side} while {@code main} runs, returns {@code main}'s result once both ended.
     * When both fail, {@code main}'s failure is thrown (the side's is attached as suppressed).
     */
    public <T> T alongside(BrokerTask side, BrokerCall<T> main) throws IOException, JetStreamApiException {
        Future<?> running = sides.submit(Context.current().wrap(() -> {
            side.run();
            return null;
        }));
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

    /** Runs {@code side} while {@code main} runs, and returns once both ended. */
    public void together(BrokerTask side, BrokerTask main) throws IOException, JetStreamApiException {
        alongside(side, () -> {
            main.run();
            return null;
        });
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
}
