package io.boxbox.gateway.tracking;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The relay's work spread over a few threads without reordering any one device's fixes: a fix is
 * handled on the lane its key (the topic, which names the device) hashes to, each lane one thread
 * working through its own queue in order.
 *
 * <p>Why lanes: Paho hands every message of a connection to one callback thread. Reading, checking
 * and writing each fix to its watchers' streams on that thread capped the relay at one core
 * (a JFR profile of 4,000 devices found 86 % of that thread's samples in the relay's own work), while
 * the other core waited. Why a bounded queue: a lane that falls {@code depth} fixes behind refuses
 * the next one, which the relay drops and counts (locations are best effort, as for a slow SSE client),
 * rather than blocking Paho's thread, which would hold up every device's fixes and at last the
 * connection's keep-alive.
 */
final class RelayLanes implements AutoCloseable {

    private final List<ThreadPoolExecutor> lanes = new ArrayList<>();

    RelayLanes(int count, int depth) {
        if (count < 1 || depth < 1) {
            throw new IllegalArgumentException("a relay needs at least one lane of depth one, not " + count + " × " + depth);
        }
        for (int i = 0; i < count; i++) {
            String name = "gps-lane-" + i;
            lanes.add(new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(depth),
                    work -> Thread.ofPlatform().name(name).daemon().unstarted(work), new ThreadPoolExecutor.AbortPolicy()));
        }
    }

    /** Queues the work on its key's lane; {@code false} when that lane is {@code depth} behind (nothing queued). */
    boolean submit(String key, Runnable work) {
        try {
            lanes.get(Math.floorMod(key.hashCode(), lanes.size())).execute(work);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    int count() {
        return lanes.size();
    }

    /** Stops taking work and lets each lane finish what it holds, for a moment at most. */
    @Override
    public void close() {
        lanes.forEach(ThreadPoolExecutor::shutdown);
        for (ThreadPoolExecutor lane : lanes) {
            try {
                if (!lane.awaitTermination(2, TimeUnit.SECONDS)) {
                    lane.shutdownNow();
                }
            } catch (InterruptedException e) {
                lane.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
    }
}
