package io.boxbox.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * How long and how hard to measure. The defaults are the full run (about four minutes here);
 * {@code --quick} shrinks every window to check the tooling in seconds, not to quote figures.
 *
 * @param out      the report files without extension: {@code <out>.md} and {@code <out>.json}
 * @param command  the command line to print in the report
 * @param steps    which steps run: intake, kitchen (pipeline + footprint), gps, sse (2,000 SSE watchers)
 * @param ha       also the kitchen's scaled-out row: the pipeline on three clustered nats-servers with two
 *                 replicas of each kitchen service ({@link KitchenBench#runHa})
 */
record BenchOptions(Path root, Path out, String command, boolean quick, boolean ha, Set<String> steps,
                    List<Integer> intakeClients, Duration intakeWarmUp, Duration intakeWindow,
                    int pipelineWarmUpOrders, int pipelineOrders, int pipelineClients, Duration settle) {

    static final List<String> ALL_STEPS = List.of("intake", "kitchen", "gps", "sse");

    static BenchOptions parse(String[] args) {
        Path root = Path.of(System.getProperty("boxbox.root", "..")).toAbsolutePath().normalize();
        Path out = root.resolve("BENCHMARKS");
        String command = "./boxbox bench";
        boolean quick = false;
        boolean ha = false;
        Set<String> steps = new LinkedHashSet<>(ALL_STEPS);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> out = Path.of(args[++i]).toAbsolutePath();
                case "--command" -> command = args[++i];
                case "--quick" -> quick = true;
                case "--ha" -> ha = true;
                case "--only" -> steps = new LinkedHashSet<>(List.of(args[++i].split(",")));
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (known: --out FILE_WITHOUT_EXTENSION, --command TEXT, --quick, --ha, --only intake,kitchen,gps,sse)");
            }
        }
        if (!ALL_STEPS.containsAll(steps)) {
            throw new IllegalArgumentException("--only takes some of " + ALL_STEPS + ", not " + steps);
        }
        return quick
                ? new BenchOptions(root, out, command, true, ha, steps, List.of(1, 16, 64),
                        Duration.ofSeconds(1), Duration.ofSeconds(3), 20, 100, 8, Duration.ofSeconds(2))
                : new BenchOptions(root, out, command, false, ha, steps, List.of(1, 16, 64),
                        Duration.ofSeconds(3), Duration.ofSeconds(10), 100, 1000, 8, Duration.ofSeconds(5));
    }

    /** Recordings, Gatling reports and tool logs of a run: {@code target/bench} under the root. */
    Path workDir() {
        return root.resolve("target").resolve("bench");
    }

    boolean runs(String step) {
        return steps.contains(step);
    }
}
