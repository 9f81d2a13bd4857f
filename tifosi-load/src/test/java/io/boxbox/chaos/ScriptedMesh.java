package io.boxbox.chaos;

import io.boxbox.pacchetto.testing.LoopbackPorts;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The mesh exactly as a person starts it: {@code ./boxbox up --ha}, {@code status} and
 * {@code down} run as processes, with a state directory of its own ({@code BOXBOX_STATE_DIR}:
 * pids, passwords, stores, logs) and every port in one free block, so it runs beside a
 * developer's own {@code up} and never near the machine's shared brokers. What the script
 * remembers (pid files, the NATS passwords) is read from that directory, as a person would.
 *
 * <p>The block: gateway base, maestro +1, panettiere +2, chef-sim +3, driver-sim +4, replica 2 of
 * each 100 above; NATS nodes +10.., their monitoring +20.., routes +30..; mosquitto +40, the
 * trace keeper +41, the units' metrics +50... Prometheus stays off: nothing here reads it.
 */
final class ScriptedMesh implements AutoCloseable {

    private static final int BLOCK = 110;
    private static final Duration UP_PATIENCE = Duration.ofMinutes(5);

    private final Path root;
    private final Path stateDir;
    private final Map<String, String> environment;
    private final int base;
    private final PrintStream out;
    private boolean up;

    private ScriptedMesh(Path root, Path stateDir, Map<String, String> environment, int base, PrintStream out) {
        this.root = root;
        this.stateDir = stateDir;
        this.environment = environment;
        this.base = base;
        this.out = out;
    }

    /** Chooses the state directory and ports; {@code services} is what the services get on top (time scale, seed, ...). */
    static ScriptedMesh prepare(Path root, Map<String, String> services, PrintStream out) throws IOException {
        Path stateDir = Files.createTempDirectory("boxbox-ha");
        int base = LoopbackPorts.freeBlock(BLOCK);
        Map<String, String> env = new HashMap<>(services);
        env.put("BOXBOX_STATE_DIR", stateDir.toString());
        env.put("BOXBOX_HOST", "127.0.0.1");
        env.put("BOXBOX_GATEWAY_PORT", Integer.toString(base));
        env.put("BOXBOX_MAESTRO_PORT", Integer.toString(base + 1));
        env.put("BOXBOX_PANETTIERE_PORT", Integer.toString(base + 2));
        env.put("BOXBOX_CHEF_PORT", Integer.toString(base + 3));
        env.put("BOXBOX_DRIVER_PORT", Integer.toString(base + 4));
        env.put("BOXBOX_REPLICA_PORT_OFFSET", "100");
        env.put("BOXBOX_NATS_PORT", Integer.toString(base + 10));
        env.put("BOXBOX_NATS_MONITOR_PORT", Integer.toString(base + 20));
        env.put("BOXBOX_NATS_CLUSTER_PORT", Integer.toString(base + 30));
        env.put("BOXBOX_MQTT_PORT", Integer.toString(base + 40));
        env.put("BOXBOX_TRACE_PORT", Integer.toString(base + 41));
        env.put("BOXBOX_METRICS_PORT", Integer.toString(base + 50));
        env.put("BOXBOX_PROMETHEUS_PORT", "0");
        // the suite (or ./boxbox ha) has just packaged the jars; a build from inside it would race it
        env.put("BOXBOX_SKIP_BUILD", "1");
        env.put("BOXBOX_UP_TIMEOUT", Long.toString(UP_PATIENCE.toSeconds()));
        return new ScriptedMesh(root, stateDir, env, base, out);
    }

    /** {@code ./boxbox up --ha}: starts whatever of the scaled-out shape is not running, waits until it is healthy. */
    void upHa() throws Exception {
        up = true;
        Run run = run(UP_PATIENCE.plusMinutes(1), "up", "--ha");
        if (run.exit() != 0) {
            throw new IllegalStateException("./boxbox up --ha failed (exit " + run.exit() + "):\n" + run.output()
                    + "\n" + logTails());
        }
    }

    /** {@code ./boxbox status}; its exit status says whether every part is healthy. */
    Run status() throws Exception {
        return run(Duration.ofMinutes(1), "status");
    }

    /** {@code kill -9} of a part {@code up} started: a unit ({@code chef-sim-2}) or a node ({@code nats-2-server}). */
    long kill(String part) throws Exception {
        long pid = Long.parseLong(Files.readString(stateDir.resolve("run").resolve(part + ".pid")).strip());
        ProcessHandle process = ProcessHandle.of(pid)
                .orElseThrow(() -> new IllegalStateException(part + " (pid " + pid + ") is not running"));
        process.destroyForcibly();
        process.onExit().get(10, TimeUnit.SECONDS);
        return pid;
    }

    URI gateway() {
        return URI.create("http://127.0.0.1:" + base);
    }

    /** Every node's URL with the operator's login (full access), as the script hands it to people. */
    List<String> operatorUrls() throws IOException {
        String password = Files.readAllLines(stateDir.resolve("nats-users.env")).stream()
                .filter(line -> line.startsWith("BOXBOX_NATS_PASSWORD_OPERATOR="))
                .map(line -> line.substring(line.indexOf('=') + 1)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no operator password in " + stateDir.resolve("nats-users.env")));
        List<String> urls = new ArrayList<>();
        for (int node = 0; node < 3; node++) {
            urls.add("nats://operator:" + password + "@127.0.0.1:" + (base + 10 + node));
        }
        return urls;
    }

    Path logs() {
        return stateDir.resolve("logs");
    }

    /** {@code ./boxbox down}, then the state directory is removed; once {@code up} ran, even when it failed. */
    @Override
    public void close() throws Exception {
        if (up) {
            Run down = run(Duration.ofMinutes(2), "down");
            if (down.exit() != 0) {
                out.println("ha: ./boxbox down failed (exit " + down.exit() + "):\n" + down.output());
            }
        }
        try (Stream<Path> tree = Files.walk(stateDir)) {
            tree.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    record Run(int exit, String output) {
    }

    private Run run(Duration patience, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", root.resolve("boxbox").toString()));
        command.addAll(List.of(args));
        Path output = Files.createTempFile(stateDir, "boxbox-" + args[0], ".out");
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile());
        Map<String, String> env = builder.environment();
        // Only this mesh's settings: not a developer's BOXBOX_* or OTEL_* (a collector of theirs) from the shell.
        env.keySet().removeIf(key -> key.startsWith("BOXBOX_") || key.startsWith("OTEL_"));
        env.put("JAVA_HOME", javaHome());
        env.put("NO_COLOR", "1");
        env.putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException("./boxbox " + String.join(" ", args) + " did not finish within " + patience
                    + ":\n" + Files.readString(output));
        }
        return new Run(process.exitValue(), Files.readString(output));
    }

    /** The JDK running this: the script would otherwise look for one itself. */
    private static String javaHome() {
        return Path.of(ProcessHandle.current().info().command().orElseThrow()).getParent().getParent().toString();
    }

    /** The last lines of every log, for the message of a start that failed. */
    String logTails() throws IOException {
        StringBuilder tails = new StringBuilder();
        if (!Files.isDirectory(logs())) {
            return "(no logs)";
        }
        try (Stream<Path> files = Files.list(logs())) {
            for (Path log : files.sorted().toList()) {
                List<String> lines = Files.readAllLines(log);
                tails.append("--- ").append(log.getFileName()).append('\n')
                        .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 8), lines.size()))).append('\n');
            }
        }
        return tails.toString();
    }
}
