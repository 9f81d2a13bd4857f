package io.boxbox.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Step 4, the GPS relay (device publish → SSE client), measured by a tool of its own written with
 * the driver GPS work: {@code io.boxbox.bench.GpsRelayBench} on this test classpath. When it is
 * there it runs in its own JVM and its result is merged into the report. Its contract: it starts
 * whatever it needs itself, prints progress on standard error and, after every fleet size of its
 * sweep, one line on standard output with a JSON object of the figures so far (at least
 * {@code gps_p99_ms_1000}); it exits 0 when it measured. It is given a time budget and starts no
 * size that would run past it; should it still overrun, it is stopped and the last line it printed
 * is the result, so a slow large fleet never throws away the sizes already measured.
 */
final class GpsStep {

    static final String TOOL = "io.boxbox.bench.GpsRelayBench";
    /** The tool's own budget: it starts no fleet size it expects to end later. */
    private static final long BUDGET_SECONDS = 300;
    /** Past its budget, a size it misjudged gets this long before the tool is stopped. */
    private static final long GRACE_SECONDS = 90;

    /** The tool's JSON object, or why there is none ({@code measured} false). */
    record Result(boolean measured, ObjectNode figures, String note) {
    }

    private GpsStep() {
    }

    static boolean available() {
        try {
            Class.forName(TOOL, false, GpsStep.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    static Result run(BenchOptions options) throws IOException, InterruptedException {
        ObjectMapper json = new ObjectMapper();
        if (!available()) {
            return new Result(false, json.createObjectNode(),
                    "no " + TOOL + " on the tifosi-load test classpath yet (the driver GPS work brings it)");
        }
        Progress.step("gps: running " + TOOL);
        Path dir = options.workDir();
        Files.createDirectories(dir);
        Path stdout = dir.resolve("gps-relay.json.log");
        Path stderr = dir.resolve("gps-relay.log");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process tool = new ProcessBuilder(List.of(java, "-Dboxbox.root=" + options.root(),
                "-Dboxbox.version=" + System.getProperty("boxbox.version", "0.1.0-SNAPSHOT"),
                "-Dlogback.configurationFile=logback-load.xml",
                "-cp", System.getProperty("java.class.path"), TOOL,
                // 10 s a fleet is 10,000 fixes at 1,000 devices, plenty for a p99, and keeps the sweep short
                "--seconds", options.quick() ? "5" : "10",
                "--warmup", options.quick() ? "2" : "5",
                // 5,000 is issue 14's target for the largest fleet under 100 ms, so the sweep tries it
                "--sweep", options.quick() ? "1000,5000" : "1000,3000,5000,6000,8000",
                "--budget-seconds", Long.toString(options.quick() ? BUDGET_SECONDS / 2 : BUDGET_SECONDS)))
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        String ending = "";
        if (!tool.waitFor(BUDGET_SECONDS + GRACE_SECONDS, TimeUnit.SECONDS)) {
            tool.destroyForcibly().waitFor();
            ending = "; stopped after " + (BUDGET_SECONDS + GRACE_SECONDS) + " s, so the sweep's last size is cut";
        } else if (tool.exitValue() != 0) {
            ending = "; it failed (exit " + tool.exitValue() + "), see " + stderr;
        }
        ObjectNode figures = lastFigures(json, Files.readAllLines(stdout));
        if (figures == null) {
            return new Result(false, json.createObjectNode(), TOOL + " printed no JSON object" + ending + "; see " + stderr);
        }
        return new Result(true, figures, ending.isEmpty() ? "its whole sweep ran" : ending.substring(2));
    }

    /** The last JSON object line: the figures of every fleet size the tool finished. */
    static ObjectNode lastFigures(ObjectMapper json, List<String> lines) throws IOException {
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i).strip().startsWith("{") && json.readTree(lines.get(i)) instanceof ObjectNode object) {
                return object;
            }
        }
        return null;
    }
}
