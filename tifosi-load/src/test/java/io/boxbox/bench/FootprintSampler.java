package io.boxbox.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The highest resident memory each process reached while it was sampled (every 200 ms), as two
 * figures: RSS (VmRSS, every page the process maps counted in full) and PSS ({@code Pss} of
 * {@code /proc/<pid>/smaps_rollup}: a page shared by k processes counts 1/k in each, so the JVMs'
 * shared class data and libraries are split between them and the PSS of all five adds up to what
 * they take from the machine together).
 */
final class FootprintSampler implements AutoCloseable {

    /** RSS and PSS of each process, in MiB. */
    record Footprint(Map<String, Double> rssMb, Map<String, Double> pssMb) {
    }

    private final Map<String, Long> pids;
    private final Map<String, Double> maxRss = new ConcurrentHashMap<>();
    private final Map<String, Double> maxPss = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("footprint-sampler").unstarted(r));

    FootprintSampler(Map<String, Long> pids) {
        this.pids = pids;
        timer.scheduleAtFixedRate(this::sample, 0, 200, TimeUnit.MILLISECONDS);
    }

    /** RSS and PSS of each process right now. */
    static Footprint now(Map<String, Long> pids) {
        Map<String, Double> rss = new LinkedHashMap<>();
        Map<String, Double> pss = new LinkedHashMap<>();
        pids.forEach((name, pid) -> {
            rss.put(name, ProcessMeter.rssMb(pid));
            pss.put(name, ProcessMeter.pssMb(pid));
        });
        return new Footprint(rss, pss);
    }

    private void sample() {
        Footprint now = now(pids);
        now.rssMb().forEach((name, mb) -> maxRss.merge(name, mb, Math::max));
        now.pssMb().forEach((name, mb) -> maxPss.merge(name, mb, Math::max));
    }

    /** Stops sampling and returns the maxima, in the order of the pids given. */
    Footprint stop() throws InterruptedException {
        timer.shutdown();
        timer.awaitTermination(5, TimeUnit.SECONDS);
        sample();
        Map<String, Double> rss = new LinkedHashMap<>();
        Map<String, Double> pss = new LinkedHashMap<>();
        pids.keySet().forEach(name -> {
            rss.put(name, maxRss.get(name));
            pss.put(name, maxPss.get(name));
        });
        return new Footprint(rss, pss);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
