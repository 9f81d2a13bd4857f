package io.boxbox.bench;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * A closed loop: {@code clients} threads, each sending its next call as soon as the previous one
 * answered, for a warm-up and then a measured window. Only calls that finish inside the window
 * count; latencies go to an HdrHistogram recorder (lock-free, so recording does not serialise the
 * clients).
 */
final class ClosedLoop {

    /** One request; throws when it was not answered as it should be. */
    @FunctionalInterface
    interface Call {
        void run() throws Exception;
    }

    private final int clients;
    private final Duration warmUp;
    private final Duration window;

    ClosedLoop(int clients, Duration warmUp, Duration window) {
        this.clients = clients;
        this.warmUp = warmUp;
        this.window = window;
    }

    /** Runs the loop; {@code watched} are the processes whose CPU time is taken over the window. */
    LoopResult run(String name, Call call, Map<String, Long> watched) throws InterruptedException {
        return run(name, call, watched, 0);
    }

    /**
     * The same, also counting the garbage collections of the JVM {@code gcPid} (0: none) over the
     * window. jstat runs at the end of the warm-up and after the window, outside the measurement.
     */
    LoopResult run(String name, Call call, Map<String, Long> watched, long gcPid) throws InterruptedException {
        Recorder latencies = new Recorder(TimeUnit.SECONDS.toNanos(60), 3);
        LongAdder calls = new LongAdder();
        LongAdder errors = new LongAdder();
        AtomicReference<String> firstError = new AtomicReference<>();
        var running = new java.util.concurrent.atomic.AtomicBoolean(true);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            threads.add(Thread.ofPlatform().name(name + "-" + i).daemon().start(() -> {
                while (running.get()) {
                    long start = System.nanoTime();
                    try {
                        call.run();
                        latencies.recordValue(Math.min(System.nanoTime() - start, TimeUnit.SECONDS.toNanos(60)));
                        calls.increment();
                    } catch (Exception e) {
                        errors.increment();
                        firstError.compareAndSet(null, e.toString());
                    }
                }
            }));
        }
        Thread.sleep(warmUp.toMillis());
        GcCount gcBefore = gcPid == 0 ? null : gc(gcPid);
        latencies.getIntervalHistogram();
        calls.reset();
        errors.reset();
        Map<String, ProcessMeter.Usage> before = ProcessMeter.usage(watched);
        long windowStart = System.nanoTime();
        Thread.sleep(window.toMillis());
        Histogram measured = latencies.getIntervalHistogram();
        long done = calls.sum();
        long failed = errors.sum();
        double seconds = (System.nanoTime() - windowStart) / 1e9;
        Map<String, ProcessMeter.Usage> used = ProcessMeter.Usage.since(watched, before);
        GcCount gc = gcPid == 0 ? null : gc(gcPid).minus(gcBefore);
        running.set(false);
        for (Thread thread : threads) {
            thread.join(Duration.ofSeconds(30));
        }
        return new LoopResult(clients, done, failed, seconds, ms(measured, 50), ms(measured, 90), ms(measured, 99),
                measured.getMaxValue() / 1e6, used, gc, firstError.get());
    }

    private static GcCount gc(long pid) throws InterruptedException {
        try {
            return GcCount.of(pid);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static double ms(Histogram histogram, double percentile) {
        return histogram.getValueAtPercentile(percentile) / 1e6;
    }
}
