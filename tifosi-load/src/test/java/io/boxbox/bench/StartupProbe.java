package io.boxbox.bench;

import io.boxbox.e2e.Mesh;
import io.boxbox.pacchetto.telemetry.TraceKeeper;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Start-up alone, quicker than the kitchen step: starts all five services at once with the agent
 * (as the kitchen step does), prints each one's launch-to-healthy time and, after a settling
 * pause, its idle RSS and PSS, then stops them cleanly; {@code rounds} times over.
 * {@code -Dprobe.options="..."} adds JVM options after those of {@code jvm.options}
 * ({@code {service}} becomes the service's name).
 * <pre>java -cp "$(test classpath)" -Dboxbox.root=. io.boxbox.bench.StartupProbe 3 10</pre>
 */
public final class StartupProbe {

    private StartupProbe() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        Duration settle = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 10);
        String extra = System.getProperty("probe.options", "").strip();
        List<String> options = extra.isEmpty() ? List.of() : List.of(extra.split("\\s+"));
        // a JVM that writes a class-data archive at exit may need longer than the mesh's 15 s
        Duration exitWait = Duration.ofSeconds(Long.getLong("probe.exitWait", 15));
        List<String> services = List.of(System.getProperty("probe.services", String.join(",", Mesh.SERVICES)).split(","));
        boolean agent = !Boolean.getBoolean("probe.noAgent");
        // -Dprobe.env=K=V,K=V: more environment for the services (MALLOC_ARENA_MAX, ...)
        Map<String, String> env = new java.util.HashMap<>(BenchEnv.calmKitchenAtFullSpeed());
        for (String pair : System.getProperty("probe.env", "").split(",")) {
            if (pair.contains("=")) {
                env.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
            }
        }
        // -Dprobe.load=true: then the winning race weekend (as the kitchen step), RSS and PSS sampled every 200 ms
        boolean load = Boolean.getBoolean("probe.load");
        List<Double> maxima = new ArrayList<>();
        List<Double> cpuTotals = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            try (TraceKeeper keeper = TraceKeeper.start("127.0.0.1", 0, Optional.empty());
                 Mesh mesh = Mesh.startWithOptions(services, env,
                         agent ? keeper.port() : null, options)) {
                Map<String, Double> startup = new LinkedHashMap<>();
                mesh.startToHealthy().forEach((service, took) -> startup.put(service, took.toMillis() / 1000.0));
                double max = startup.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
                maxima.add(max);
                Map<String, Long> pids = new LinkedHashMap<>();
                mesh.services().forEach(service -> pids.put(service, mesh.pid(service)));
                // CPU until all were healthy: what five starts cost the cores, less noisy than wall time on a shared machine
                Map<String, Long> cpuMs = new LinkedHashMap<>();
                pids.forEach((service, pid) -> cpuMs.put(service, Math.round(ProcessMeter.ticksToMs(ProcessMeter.cpuTicks(pid)))));
                long cpuTotal = cpuMs.values().stream().mapToLong(Long::longValue).sum();
                cpuTotals.add(cpuTotal / 1000.0);
                Thread.sleep(settle.toMillis());
                FootprintSampler.Footprint idle = FootprintSampler.now(pids);
                System.out.printf("round %d: start->healthy max %.2f s %s%n  CPU ms when healthy %s (total %.1f s)%n"
                        + "  idle RSS %s%n  idle PSS %s%n", round, max, startup, cpuMs, cpuTotal / 1000.0,
                        rounded(idle.rssMb()), rounded(idle.pssMb()));
                if (load) {
                    FootprintSampler.Footprint underLoad;
                    try (FootprintSampler sampler = new FootprintSampler(pids)) {
                        GatlingRun.Summary summary = GatlingRun.run("winning", mesh.gateway(),
                                java.nio.file.Path.of("target/bench/startup-probe"));
                        underLoad = sampler.stop();
                        System.out.printf("  load: %s%n", summary);
                    }
                    System.out.printf("  max RSS under load %s%n  max PSS under load %s%n", rounded(underLoad.rssMb()),
                            rounded(underLoad.pssMb()));
                    // what the agents traced: a cache that hides classes from the agent shows as missing kinds
                    Thread.sleep(7_000);
                    Map<String, Long> kinds = new java.util.TreeMap<>();
                    keeper.spans().forEach(span -> kinds.merge(span.service() + "/" + span.kind(), 1L, Long::sum));
                    System.out.printf("  spans by service/kind %s%n", kinds);
                }
                stopSlowly(pids.values(), exitWait);
            }
        }
        System.out.printf("start->healthy max per round: %s; CPU s of all five when healthy: %s%n", maxima, cpuTotals);
    }

    private static void stopSlowly(java.util.Collection<Long> pids, Duration wait) throws Exception {
        List<ProcessHandle> handles = pids.stream().map(ProcessHandle::of).flatMap(Optional::stream).toList();
        handles.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + wait.toNanos();
        for (ProcessHandle handle : handles) {
            long left = Math.max(1, deadline - System.nanoTime());
            try {
                handle.onExit().get(left, java.util.concurrent.TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                System.out.printf("  pid %d still running after %s%n", handle.pid(), wait);
            }
        }
    }

    private static Map<String, Long> rounded(Map<String, Double> mb) {
        Map<String, Long> out = new LinkedHashMap<>();
        mb.forEach((name, value) -> out.put(name, Math.round(value)));
        return out;
    }
}
