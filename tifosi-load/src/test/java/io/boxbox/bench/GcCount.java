package io.boxbox.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Garbage collections of a JVM, read with {@code jstat -gc <pid>}: how many young and full
 * collections, and the seconds they paused the application. Used to tell GC pauses from queueing
 * when a latency tail is long.
 */
record GcCount(long young, double youngSeconds, long full, double fullSeconds) {

    static GcCount of(long pid) throws IOException, InterruptedException {
        Path java = Path.of(ProcessHandle.current().info().command().orElseThrow());
        Process jstat = new ProcessBuilder(java.resolveSibling("jstat").toString(), "-gc", Long.toString(pid))
                .redirectErrorStream(true).start();
        List<String> lines = new String(jstat.getInputStream().readAllBytes()).strip().lines().toList();
        jstat.waitFor(30, TimeUnit.SECONDS);
        if (lines.size() < 2) {
            throw new IllegalStateException("jstat -gc " + pid + " answered: " + lines);
        }
        List<String> header = Arrays.asList(lines.get(0).trim().split("\\s+"));
        String[] values = lines.get(1).trim().split("\\s+");
        return new GcCount((long) Double.parseDouble(values[header.indexOf("YGC")]),
                Double.parseDouble(values[header.indexOf("YGCT")]),
                (long) Double.parseDouble(values[header.indexOf("FGC")]),
                Double.parseDouble(values[header.indexOf("FGCT")]));
    }

    GcCount minus(GcCount earlier) {
        return new GcCount(young - earlier.young, youngSeconds - earlier.youngSeconds, full - earlier.full,
                fullSeconds - earlier.fullSeconds);
    }

    /** Total pause time in milliseconds. */
    double pauseMs() {
        return (youngSeconds + fullSeconds) * 1000;
    }
}
