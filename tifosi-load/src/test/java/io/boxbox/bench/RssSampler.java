package io.boxbox.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** The highest resident memory each process reached while it was sampled (every 200 ms). */
final class RssSampler implements AutoCloseable {

    private final Map<String, Long> pids;
    private final Map<String, Double> maxMb = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("rss-sampler").unstarted(r));

    RssSampler(Map<String, Long> pids) {
        this.pids = pids;
        timer.scheduleAtFixedRate(this::sample, 0, 200, TimeUnit.MILLISECONDS);
    }

    /** RSS of each process right now, in MiB. */
    static Map<String, Double> now(Map<String, Long> pids) {
        Map<String, Double> rss = new LinkedHashMap<>();
        pids.forEach((name, pid) -> rss.put(name, ProcessMeter.rssMb(pid)));
        return rss;
    }

    private void sample() {
        now(pids).forEach((name, mb) -> maxMb.merge(name, mb, Math::max));
    }

    /** Stops sampling and returns the maxima, in the order of the pids given. */
    Map<String, Double> stop() throws InterruptedException {
        timer.shutdown();
        timer.awaitTermination(5, TimeUnit.SECONDS);
        sample();
        Map<String, Double> ordered = new LinkedHashMap<>();
        pids.keySet().forEach(name -> ordered.put(name, maxMb.get(name)));
        return ordered;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
