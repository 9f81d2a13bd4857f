package io.boxbox.bench;

import java.util.List;

/**
 * Everything one run measured; a step that did not run leaves its part null.
 *
 * @param otherCpuPercent share of the machine's CPU used by processes outside this benchmark
 *                        during the run (other builds, tests, services): how noisy the figures are
 */
record BenchResults(String date, String command, Machine machine, List<String> jvmOptions, double seconds,
                    double otherCpuPercent, IntakeBench.Result intake, KitchenBench.Result kitchen,
                    GpsStep.Result gps, SseWatchersBench.Result sse) {
}
