package io.boxbox.e2e;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.nats.NatsServerRunner;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The whole Box Box mesh as real processes, started the way {@code ./boxbox up} starts it: a
 * private {@code nats-server -js} on a random loopback port with its store in a temporary
 * directory, then the five service jars with their own ports, all healthy before a test begins.
 * The services run with the JVM options of {@code jvm.options}, as under {@code ./boxbox up}.
 */
public final class Mesh implements AutoCloseable {

    public static final List<String> SERVICES = List.of("panettiere", "chef-sim", "driver-sim", "maestro", "paddock-gateway");
    private static final Duration HEALTHY_WITHIN = Duration.ofSeconds(60);
    public static final String ADMIN_TOKEN = "e2e-admin-token";

    /** A kitchen where nobody takes a break and nothing goes wrong: every order walks the straight path. */
    public static final Map<String, String> CALM_KITCHEN = Map.of(
            "BOXBOX_PANETTIERE_PERIOD_BETWEEN_SLEEP", "0s",
            "BOXBOX_CHEF_ESPRESSO_EVERY", "0s",
            "BOXBOX_CHEF_PROBABILITY_OF_BURNING", "0",
            "BOXBOX_DRIVER_BREAK_EVERY", "0s",
            "BOXBOX_DRIVER_PROBABILITY_OF_DETOUR", "0",
            "BOXBOX_MAESTRO_PERIOD_BETWEEN_LUNCH", "0s",
            "BOXBOX_MAESTRO_SMOKE_DURATION", "0s");

    private final Path root = Path.of(System.getProperty("boxbox.root", "..")).toAbsolutePath().normalize();
    private final String version = System.getProperty("boxbox.version", "0.1.0-SNAPSHOT");
    private final Path workDir;
    private final NatsServerRunner nats;
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private final Map<String, Process> processes = new LinkedHashMap<>();
    private final Map<String, Long> launchedAt = new LinkedHashMap<>();
    private final Map<String, Duration> startToHealthy = new LinkedHashMap<>();
    private final List<String> services;
    private final HttpClient http = HttpClient.newHttpClient();

    private final Integer otlpPort;

    private Mesh(List<String> services, Map<String, String> extraEnv, Integer otlpPort) throws Exception {
        this.services = List.copyOf(services);
        this.otlpPort = otlpPort;
        workDir = Files.createTempDirectory("boxbox-mesh");
        nats = NatsServerRunner.builder()
                .jetstream(true)
                .customArgs(new String[] {"-a", "127.0.0.1", "-sd", workDir.resolve("nats").toString()})
                .build();
        for (String service : this.services) {
            ports.put(service, freePort());
        }
        try {
            for (String service : this.services) {
                launchedAt.put(service, System.nanoTime());
                processes.put(service, launch(service, extraEnv));
            }
            awaitHealthy();
        } catch (Exception | AssertionError e) {
            close();
            throw e;
        }
    }

    /** Starts the mesh at a small time scale with a fixed seed. */
    public static Mesh start(Map<String, String> extraEnv) throws Exception {
        return new Mesh(SERVICES, extraEnv, null);
    }

    /** The same, with the OpenTelemetry Java agent on every service exporting OTLP/gRPC to {@code otlpPort}. */
    public static Mesh startTraced(Map<String, String> extraEnv, int otlpPort) throws Exception {
        return new Mesh(SERVICES, extraEnv, otlpPort);
    }

    /** Only some of the services, without the agent (the benchmark compares the gateway with and without it). */
    public static Mesh start(List<String> services, Map<String, String> extraEnv) throws Exception {
        return new Mesh(services, extraEnv, null);
    }

    /** Only some of the services (the benchmark runs the gateway alone), traced like {@link #startTraced}. */
    public static Mesh startTraced(List<String> services, Map<String, String> extraEnv, int otlpPort) throws Exception {
        return new Mesh(services, extraEnv, otlpPort);
    }

    /** The operating system's process id of a service. */
    public long pid(String service) {
        return processes.get(service).pid();
    }

    /** The private nats-server's process id, found by its store directory on the command line. */
    public long natsPid() {
        String store = workDir.resolve("nats").toString();
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains("nats-server") && c.contains(store)).orElse(false))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no nats-server with store " + store))
                .pid();
    }

    public List<String> services() {
        return services;
    }

    /** From the launch of each service's process until it first answered healthy. */
    public Map<String, Duration> startToHealthy() {
        return Map.copyOf(startToHealthy);
    }

    public URI gateway() {
        return URI.create("http://127.0.0.1:" + ports.get("paddock-gateway"));
    }

    public String natsUrl() {
        return nats.getURI();
    }

    public Path log(String service) {
        return workDir.resolve(service + ".log");
    }

    private Process launch(String service, Map<String, String> extraEnv) throws IOException {
        Path jar = root.resolve(service).resolve("target").resolve(service + "-" + version + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: package the services first (mvn install)");
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(JvmOptions.of(root));
        if (otlpPort != null) {
            Path agent = root.resolve("target/otel/opentelemetry-javaagent.jar");
            if (!Files.isRegularFile(agent)) {
                throw new IllegalStateException(agent + " is missing: the root build fetches it (mvn generate-resources -N)");
            }
            command.add("-javaagent:" + agent);
        }
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log(service).toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(key -> key.startsWith("OTEL_") || key.startsWith("BOXBOX_") || key.startsWith("GRPC_")
                || key.startsWith("MICRONAUT_"));
        env.put("BOXBOX_NATS_URL", nats.getURI());
        env.put("BOXBOX_SIM_TIME_SCALE", "0.01");
        env.put("BOXBOX_SIM_SEED", "7");
        env.put("BOXBOX_INSTANCE", service + "-e2e");
        env.put("BOXBOX_ADMIN_TOKEN", ADMIN_TOKEN);
        if (service.equals("paddock-gateway")) {
            env.put("MICRONAUT_SERVER_PORT", ports.get(service).toString());
        } else {
            env.put("GRPC_SERVER_PORT", ports.get(service).toString());
        }
        if (service.equals("maestro")) {
            env.put("GRPC_CHANNELS_PANETTIERE_ADDRESS", "127.0.0.1:" + ports.get("panettiere"));
            env.put("GRPC_CHANNELS_CHEF_ADDRESS", "127.0.0.1:" + ports.get("chef-sim"));
            env.put("GRPC_CHANNELS_DRIVER_ADDRESS", "127.0.0.1:" + ports.get("driver-sim"));
        }
        if (otlpPort != null) {
            env.put("OTEL_SERVICE_NAME", service);
            env.put("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + otlpPort);
            env.put("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc");
            env.put("OTEL_METRICS_EXPORTER", "none");
            env.put("OTEL_LOGS_EXPORTER", "none");
            env.put("OTEL_BSP_SCHEDULE_DELAY", "200");
            // We carry trace context through JetStream ourselves; the agent's core-NATS spans (one per ack) are noise.
            env.put("OTEL_INSTRUMENTATION_NATS_ENABLED", "false");
        }
        env.putAll(extraEnv);
        return builder.start();
    }

    private void awaitHealthy() throws Exception {
        Instant deadline = Instant.now().plus(HEALTHY_WITHIN);
        Map<String, Boolean> healthy = new HashMap<>();
        while (Instant.now().isBefore(deadline)) {
            for (String service : services) {
                Process process = processes.get(service);
                if (!process.isAlive()) {
                    throw new AssertionError(service + " exited with " + process.exitValue() + ":\n" + tail(service));
                }
                if (!healthy.getOrDefault(service, false)) {
                    healthy.put(service, isHealthy(service));
                    if (healthy.get(service)) {
                        startToHealthy.put(service, Duration.ofNanos(System.nanoTime() - launchedAt.get(service)));
                    }
                }
            }
            if (healthy.values().stream().filter(h -> h).count() == services.size()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("mesh not healthy within " + HEALTHY_WITHIN + ": " + healthy);
    }

    private boolean isHealthy(String service) {
        int port = ports.get(service);
        if (service.equals("paddock-gateway")) {
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(gateway().resolve("/healthz")).build(),
                        HttpResponse.BodyHandlers.discarding());
                return response.statusCode() == 200;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        try {
            return HealthGrpc.newBlockingStub(channel).withDeadlineAfter(1, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.getDefaultInstance()).getStatus() == HealthCheckResponse.ServingStatus.SERVING;
        } catch (StatusRuntimeException e) {
            return false;
        } finally {
            channel.shutdownNow();
        }
    }

    public String tail(String service) {
        try (Stream<String> lines = Files.lines(log(service))) {
            List<String> all = lines.toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - 30), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        List<Process> stopping = new ArrayList<>(processes.values());
        java.util.Collections.reverse(stopping);
        stopping.forEach(Process::destroy);
        for (Process process : stopping) {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        nats.close();
        deleteRecursively(workDir.resolve("nats"));
    }

    /** The broker's store is of no use once the mesh is gone (the service logs stay for reading). */
    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
