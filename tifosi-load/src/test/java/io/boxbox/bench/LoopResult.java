package io.boxbox.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one closed-loop run measured in its window: calls that succeeded, failures, latency
 * percentiles, the CPU time and context switches of each watched process meanwhile and, when
 * asked for, the garbage collections of the server's JVM ({@code gc} is null otherwise).
 */
record LoopResult(int clients, long calls, long errors, double seconds, double p50Ms, double p90Ms, double p99Ms,
                  double maxMs, Map<String, ProcessMeter.Usage> usage, GcCount gc, String firstError) {

    /** CPU milliseconds each watched process used in the window. */
    Map<String, Double> cpuMs() {
        Map<String, Double> cpu = new LinkedHashMap<>();
        usage.forEach((process, used) -> cpu.put(process, used.cpuMs()));
        return cpu;
    }

    /** Context switches per successful call, per watched process. */
    Map<String, Double> contextSwitchesPerCall() {
        Map<String, Double> perCall = new LinkedHashMap<>();
        usage.forEach((process, used) -> perCall.put(process, calls == 0 ? 0 : (double) used.contextSwitches() / calls));
        return perCall;
    }

    /** Share of each watched process's CPU time spent in the kernel (system calls, scheduling). */
    Map<String, Double> systemShare() {
        Map<String, Double> share = new LinkedHashMap<>();
        usage.forEach((process, used) -> share.put(process, used.systemShare()));
        return share;
    }

    double perSecond() {
        return calls / seconds;
    }

    /** CPU microseconds per successful call, per watched process. */
    Map<String, Double> cpuMicrosPerCall() {
        Map<String, Double> perCall = new LinkedHashMap<>();
        cpuMs().forEach((process, ms) -> perCall.put(process, calls == 0 ? 0 : ms * 1000 / calls));
        return perCall;
    }

    /** Share of the machine's cores the watched processes kept busy, in % of all cores. */
    double cpuPercentOfMachine() {
        double ms = cpuMs().values().stream().mapToDouble(Double::doubleValue).sum();
        return 100 * ms / (seconds * 1000 * Runtime.getRuntime().availableProcessors());
    }
}
