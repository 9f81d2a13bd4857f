package io.boxbox.bench;

import java.util.Arrays;

/** Latencies in microseconds, kept whole (a run is a few hundred thousand samples) for exact percentiles. */
final class LatencyRecorder {

    private long[] samples = new long[1 << 16];
    private int size;

    synchronized void record(long micros) {
        if (size == samples.length) {
            samples = Arrays.copyOf(samples, size * 2);
        }
        samples[size++] = micros;
    }

    synchronized int count() {
        return size;
    }

    /** The value below which {@code percent} of the samples lie, in milliseconds; NaN without samples. */
    synchronized double percentileMillis(double percent) {
        if (size == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(samples, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(percent / 100.0 * size) - 1;
        return sorted[Math.max(0, Math.min(size - 1, rank))] / 1000.0;
    }
}
