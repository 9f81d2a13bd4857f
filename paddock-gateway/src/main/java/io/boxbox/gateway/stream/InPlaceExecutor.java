package io.boxbox.gateway.stream;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The executor the SSE routes name ({@code @ExecuteOn(InPlaceExecutor.NAME)}): it runs each task
 * on the thread that hands it over. Why: with {@code micronaut.server.thread-selection: BLOCKING}
 * Micronaut puts a streamed body on its route's executor with {@code subscribeOn} and
 * {@code publishOn}, so every frame of every watcher would start a virtual thread of its own (20,000
 * a second at 2,000 watchers) before it is written. In place, a frame is written on the thread that
 * emitted it (the live feed's dispatcher, or a replay's), and goes from there to the connection's
 * event loop: one hand-over, Netty's own. The routes do their few blocking look-ups on the
 * blocking executor themselves ({@link OrderStreamController}).
 */
final class InPlaceExecutor extends AbstractExecutorService {

    static final String NAME = "sse-in-place";

    private volatile boolean shutdown;

    @Override
    public void execute(Runnable task) {
        task.run();
    }

    @Override
    public void shutdown() {
        shutdown = true;
    }

    @Override
    public List<Runnable> shutdownNow() {
        shutdown = true;
        return List.of();
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    @Override
    public boolean isTerminated() {
        return shutdown;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return shutdown;
    }

    /** Makes it the bean {@code @ExecuteOn} finds by its name. */
    @Factory
    static class Bean {

        @Singleton
        @Named(NAME)
        ExecutorService inPlace() {
            return new InPlaceExecutor();
        }
    }
}
