package io.boxbox.pacchetto.grpc;

import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;

/**
 * Notices that the caller of the gRPC call being served hung up (cancelled, deadline passed,
 * connection gone) and interrupts the thread doing its work, so a person or an oven slot is freed
 * at once instead of when the work would have been done.
 * <p>
 * It listens on the call's {@link Context}, which grpc-java cancels promptly; a
 * {@code ServerCallStreamObserver} cancel handler would only run after a blocking handler returned.
 */
public final class CallerHangUp implements AutoCloseable {

    /** Work that sleeps through the simulation clock and so can be interrupted. */
    @FunctionalInterface
    public interface Work {
        void run(CallerHangUp hangUp) throws InterruptedException;
    }

    private final Context context;
    private final Thread worker;
    private final Context.CancellationListener listener = cancelled -> interrupt();
    private boolean watching = true;
    private boolean hungUp;

    private CallerHangUp(Context context, Thread worker) {
        this.context = context;
        this.worker = worker;
        context.addListener(listener, Runnable::run);
    }

    /** Watches the current call on behalf of the current thread until {@link #close()}. */
    public static CallerHangUp watch() {
        return new CallerHangUp(Context.current(), Thread.currentThread());
    }

    /**
     * Runs {@code work} for the current call. Returns true when it finished; false when it stopped
     * because the caller hung up (nobody is left to tell) or because the service is shutting down,
     * in which case the caller is told {@code ABORTED: abandoned}. A response written to a caller who
     * is gone (grpc-java throws CANCELLED) also ends the work quietly.
     */
    public static boolean attend(StreamObserver<?> responses, String abandoned, Work work) {
        CallerHangUp hangUp = watch();
        try {
            work.run(hangUp);
            return true;
        } catch (InterruptedException e) {
            if (!hangUp.hungUp()) {
                Thread.currentThread().interrupt();
                responses.onError(Status.ABORTED.withDescription(abandoned).asRuntimeException());
            }
            return false;
        } catch (StatusRuntimeException writeToAGoneCaller) {
            if (hangUp.hungUp()) {
                return false;
            }
            throw writeToAGoneCaller;
        } finally {
            hangUp.close();
        }
    }

    public synchronized boolean hungUp() {
        return hungUp || context.isCancelled();
    }

    private synchronized void interrupt() {
        hungUp = true;
        if (watching) {
            worker.interrupt();
        }
    }

    /** Stops watching: from here on a hang-up no longer interrupts (the work is committed, or done). */
    @Override
    public synchronized void close() {
        if (!watching) {
            return;
        }
        watching = false;
        context.removeListener(listener);
        if (hungUp && Thread.currentThread() == worker) {
            // The interrupt was ours, for this call only: do not leave it to the thread's next task.
            Thread.interrupted();
        }
    }
}
