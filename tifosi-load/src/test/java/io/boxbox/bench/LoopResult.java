package io.boxbox.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one closed-loop run measured in its window: calls that succeeded, failures, latency
 * percentiles and the CPU time each watched process used meanwhile.
 */
record LoopResult(int clients, long calls, long errors, double seconds, double p50Ms, double p90Ms, double p99Ms,
                  double maxMs, Map<String, Double> cpuMs, String firstError) {

    double perSecond() {
        return calls / seconds;
    }

    /** CPU microseconds per successful call, per watched process. */
    Map<String, Double> cpuMicrosPerCall() {
        Map<String, Double> perCall = new LinkedHashMap<>();
        cpuMs.forEach((process, ms) -> perCall.put(process, calls == 0 ? 0 : ms * 1000 / calls));
        return perCall;
    }

    /** Share of the machine's cores the watched processes kept busy, in % of all cores. */
    double cpuPercentOfMachine() {
        double ms = cpuMs.values().stream().mapToDouble(Double::doubleValue).sum();
        return 100 * ms / (seconds * 1000 * Runtime.getRuntime().availableProcessors());
    }
}
