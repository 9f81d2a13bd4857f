package io.boxbox.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Closed-loop HTTP load from {@code wrk} (Debian's package; {@code ./boxbox bench} installs it): N
 * keep-alive connections on one wrk thread, each sending its next POST as soon as the previous one
 * was answered. A C client's CPU per request is a small part of the gateway's, so the gateway,
 * not the client, sets the rate (the JDK HTTP clients the bench used before took about a third of
 * the machine). The bodies and the Lua script are {@link OrderBodies} and {@code bench/wrk-orders.lua};
 * the script prints wrk's figures and its own CPU time at the end, which become a {@link LoopResult}
 * with wrk as one more process under {@link #CLIENT}.
 */
final class Wrk {

    static final String CLIENT = "wrk (client)";
    private static final String MARK = "BOXBOX-WRK ";

    private final URI gateway;
    private final Path script;
    private final Path bodies;
    private final Path logs;
    private final String runTag = Long.toString(System.currentTimeMillis(), 36);
    private final AtomicInteger runs = new AtomicInteger();
    private final ObjectMapper json = new ObjectMapper();

    Wrk(URI gateway, OrderBodies orders, Path workDir) throws IOException {
        this.gateway = gateway;
        this.logs = workDir;
        Files.createDirectories(workDir);
        this.bodies = orders.write(workDir);
        this.script = workDir.resolve("wrk-orders.lua");
        try (InputStream lua = Wrk.class.getResourceAsStream("/bench/wrk-orders.lua")) {
            if (lua == null) {
                throw new IllegalStateException("bench/wrk-orders.lua is not on the classpath (tifosi-load test resources)");
            }
            Files.copy(lua, script, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Load only, nothing kept: JIT warm-up before a measured run. */
    void warm(String path, int connections, Duration duration) throws IOException, InterruptedException {
        run("warm", path, connections, duration, Map.of(), 0);
    }

    /**
     * One wrk run of {@code duration} against {@code path}; {@code watched} processes' CPU is taken
     * from just before wrk starts until it has exited, and the garbage collections of {@code gcPid}
     * (0: none) over the same span.
     */
    LoopResult run(String name, String path, int connections, Duration duration, Map<String, Long> watched, long gcPid)
            throws IOException, InterruptedException {
        return run(name, path, connections, duration, watched, gcPid, true);
    }

    /** The same; {@code keyed} false sends no {@code Idempotency-Key} (a diagnostic of what the key's record costs). */
    LoopResult run(String name, String path, int connections, Duration duration, Map<String, Long> watched, long gcPid,
                   boolean keyed) throws IOException, InterruptedException {
        int run = runs.incrementAndGet();
        Path log = logs.resolve("wrk-" + name + ".log");
        List<String> command = new java.util.ArrayList<>(List.of("wrk", "-t1", "-c" + connections,
                "-d" + Math.max(1, duration.toSeconds()) + "s", "--timeout", "30s", "-s", script.toString(),
                gateway.toString(), "--", bodies.toString(), path, runTag + "-" + run + "-" + name));
        if (!keyed) {
            command.add("unkeyed");
        }
        GcCount gcBefore = gcPid == 0 ? null : GcCount.of(gcPid);
        Map<String, ProcessMeter.Usage> before = ProcessMeter.usage(watched);
        Process wrk = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!wrk.waitFor(duration.toSeconds() + 60, TimeUnit.SECONDS)) {
            wrk.destroyForcibly();
            throw new IllegalStateException("wrk did not finish " + duration.toSeconds() + " s of load within a minute more; see " + log);
        }
        Map<String, ProcessMeter.Usage> used = ProcessMeter.Usage.since(watched, before);
        GcCount gc = gcPid == 0 ? null : GcCount.of(gcPid).minus(gcBefore);
        String out = Files.readString(log);
        if (wrk.exitValue() != 0 || !out.contains(MARK)) {
            throw new IllegalStateException("wrk exited " + wrk.exitValue() + " without its figures: " + command + "\n" + out);
        }
        JsonNode figures = json.readTree(out.substring(out.lastIndexOf(MARK) + MARK.length()).lines().findFirst().orElseThrow());
        long requests = figures.get("requests").asLong();
        long badStatus = figures.get("status").asLong();
        long failed = badStatus + figures.get("connect").asLong() + figures.get("read").asLong()
                + figures.get("write").asLong() + figures.get("timeout").asLong();
        Map<String, ProcessMeter.Usage> usage = new LinkedHashMap<>(used);
        long utime = figures.get("utime_ticks").asLong();
        long stime = figures.get("stime_ticks").asLong();
        usage.put(CLIENT, new ProcessMeter.Usage(utime + stime, stime, 0));
        String firstError = failed == 0 ? null : String.format(java.util.Locale.ROOT,
                "wrk: %d answers not 2xx/3xx, %d connect, %d read, %d write errors, %d timeouts (see %s)", badStatus,
                figures.get("connect").asLong(), figures.get("read").asLong(), figures.get("write").asLong(),
                figures.get("timeout").asLong(), log);
        return new LoopResult(connections, requests - badStatus, failed, figures.get("duration_us").asLong() / 1e6,
                figures.get("p50_us").asDouble() / 1000, figures.get("p90_us").asDouble() / 1000,
                figures.get("p99_us").asDouble() / 1000, figures.get("max_us").asDouble() / 1000, usage, gc, firstError);
    }
}
