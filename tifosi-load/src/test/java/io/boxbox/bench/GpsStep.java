package io.boxbox.bench;

import com.fasterxml.jackson.databind.JsonNode;
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
 * whatever it needs itself, prints progress on standard error and, as the last line on standard
 * output, one JSON object with at least {@code gps_p99_ms_1000}; it exits 0 when it measured.
 */
final class GpsStep {

    static final String TOOL = "io.boxbox.bench.GpsRelayBench";
    private static final long TIMEOUT_MINUTES = 4;

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
                "--sweep", options.quick() ? "1000,5000" : "1000,2000,3000,4000,5000,6000,8000"))
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        if (!tool.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            tool.destroyForcibly();
            return new Result(false, json.createObjectNode(), TOOL + " did not finish within " + TIMEOUT_MINUTES + " minutes; see " + stderr);
        }
        if (tool.exitValue() != 0) {
            return new Result(false, json.createObjectNode(), TOOL + " failed (exit " + tool.exitValue() + "); see " + stderr);
        }
        List<String> lines = Files.readAllLines(stdout);
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i).strip().startsWith("{")) {
                JsonNode figures = json.readTree(lines.get(i));
                if (figures instanceof ObjectNode object) {
                    return new Result(true, object, "measured by " + TOOL);
                }
            }
        }
        return new Result(false, json.createObjectNode(), TOOL + " printed no JSON object; see " + stdout);
    }
}
