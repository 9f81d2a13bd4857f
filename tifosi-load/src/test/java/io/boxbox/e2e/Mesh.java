package io.boxbox.e2e;

import io.boxbox.pacchetto.testing.LoopbackPorts;
import io.boxbox.pacchetto.testing.NatsUsers;
import io.boxbox.pacchetto.testing.PrivateMosquitto;
import io.boxbox.pacchetto.testing.PrivateNats;
import io.boxbox.pacchetto.testing.PrivateNatsCluster;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The whole Box Box mesh as real processes, started the way {@code ./boxbox up} starts it: a
 * private {@code nats-server -js} on a random loopback port with its store in a temporary
 * directory, secured with the project's users and permissions (each service logs in as its own
 * user with a fresh password, so a run proves deploy/nats/users.conf lets every service do its
 * work; the kitchens do not shape the topology, as under {@code ./boxbox up}), a private mosquitto with the project's config and freshly generated passwords for the
 * gateway and every driver's GPS device, then the five service jars (optionally several maestro
 * replicas) with their own ports, all healthy before a test begins. Tests may kill, restart and
 * stop any part of it. The services run with the JVM options of {@code jvm.options}, as under
 * {@code ./boxbox up}.
 */
public final class Mesh implements AutoCloseable {

    public static final List<String> SERVICES = List.of("panettiere", "chef-sim", "driver-sim", "maestro", "paddock-gateway");
    // generous: five JVMs (with the agent, in the trace test) start at once on two cores
    private static final Duration HEALTHY_WITHIN = Duration.ofSeconds(120);
    public static final String ADMIN_TOKEN = "e2e-admin-token";
    /** The gateway's order-token secret (BOXBOX_ORDER_TOKEN_SECRET); clients get their tokens in the 202. */
    public static final String ORDER_TOKEN_SECRET = "e2e-order-token-secret-0123456789";

    /** A kitchen where nobody takes a break and nothing goes wrong: every order walks the straight path. */
    public static final Map<String, String> CALM_KITCHEN = Map.of(
            "BOXBOX_PANETTIERE_PERIOD_BETWEEN_SLEEP", "0s",
            "BOXBOX_CHEF_ESPRESSO_EVERY", "0s",
            "BOXBOX_CHEF_PROBABILITY_OF_BURNING", "0",
            "BOXBOX_DRIVER_BREAK_EVERY", "0s",
            "BOXBOX_DRIVER_PROBABILITY_OF_DETOUR", "0",
            "BOXBOX_MAESTRO_PERIOD_BETWEEN_LUNCH", "0s",
            "BOXBOX_MAESTRO_SMOKE_DURATION", "0s");

    /** Replica 2 of the panettiere ({@link #startWithPanettieri}) has its own people, so one can address its crew alone. */
    public static final List<String> SECOND_PANETTIERE_CREW = List.of("Tonino", "Rosa");
    /** Replica 2's people in the scaled-out mesh ({@link #startScaledOut}), as {@code ./boxbox up --ha} staffs them. */
    public static final List<String> SECOND_MAESTRO_CREW = List.of("Bruno", "Carla");
    public static final List<String> SECOND_CHEF_CREW = List.of("Franco", "Giulia", "Marco");
    public static final List<String> SECOND_DRIVER_FLEET = List.of("Lewis", "Max", "Charles", "Lando");

    /** One running service process: {@code maestro}, {@code maestro-2}, {@code chef-sim}, ... */
    private record Instance(String name, String service, int port) {
    }

    private final Path root = Path.of(System.getProperty("boxbox.root", "..")).toAbsolutePath().normalize();
    private final String version = System.getProperty("boxbox.version", "0.1.0-SNAPSHOT");
    private final Path workDir;
    /** The broker: one secured server, or null when the mesh runs on {@link #cluster}. */
    private final PrivateNats nats;
    /** The scaled-out mesh's three clustered nodes ({@link #startScaledOut}); null otherwise. */
    private final PrivateNatsCluster cluster;
    private final PrivateMosquitto mosquitto;
    private final List<String> jvmOptions;
    private final Map<String, Instance> instances = new LinkedHashMap<>();
    private final Map<String, Process> processes = new LinkedHashMap<>();
    private final Map<String, Long> launchedAt = new LinkedHashMap<>();
    private final Map<String, Duration> startToHealthy = new LinkedHashMap<>();
    private final Map<String, String> extraEnv;
    private final Integer otlpPort;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ClassDataArchive classData = new ClassDataArchive(root);

    private Mesh(List<String> services, Collection<String> devices, Map<String, String> extraEnv, Integer otlpPort,
                 int maestri, List<String> jvmOptions) throws Exception {
        this(services, devices, extraEnv, otlpPort, maestri, 1, jvmOptions);
    }

    private Mesh(List<String> services, Collection<String> devices, Map<String, String> extraEnv, Integer otlpPort,
                 int maestri, int panettieri, List<String> jvmOptions) throws Exception {
        this(services, devices, extraEnv, otlpPort, maestri, panettieri, jvmOptions, false);
    }

    private Mesh(List<String> services, Collection<String> devices, Map<String, String> extraEnv, Integer otlpPort,
                 int maestri, int panettieri, List<String> jvmOptions, boolean scaledOut) throws Exception {
        this.extraEnv = extraEnv;
        this.otlpPort = otlpPort;
        this.jvmOptions = jvmOptions;
        workDir = Files.createTempDirectory("boxbox-mesh");
        nats = scaledOut ? null : PrivateNats.secured();
        cluster = scaledOut ? new PrivateNatsCluster() : null;
        try {
            List<String> fleet = new ArrayList<>(fleetOf(extraEnv, devices));
            if (scaledOut) {
                SECOND_DRIVER_FLEET.forEach(driver -> fleet.add(driver.toLowerCase(java.util.Locale.ROOT)));
            }
            mosquitto = new PrivateMosquitto(fleet);
        } catch (Exception | Error e) {
            closeBroker();
            throw e;
        }
        for (String service : services) {
            add(new Instance(service, service, freePort()));
            if (scaledOut && !service.equals("paddock-gateway")) {
                add(new Instance(service + "-2", service, freePort()));
            }
            if (service.equals("maestro")) {
                for (int replica = 2; replica <= maestri; replica++) {
                    add(new Instance("maestro-" + replica, "maestro", freePort()));
                }
            }
            if (service.equals("panettiere")) {
                for (int replica = 2; replica <= panettieri; replica++) {
                    add(new Instance("panettiere-" + replica, "panettiere", freePort()));
                }
            }
        }
        try {
            for (String name : instances.keySet()) {
                launchedAt.put(name, System.nanoTime());
                processes.put(name, launch(instances.get(name)));
            }
            awaitHealthy(instances.keySet());
        } catch (Exception | AssertionError e) {
            close();
            throw e;
        }
    }

    /** A test that staffs its own fleet gets a broker login for each of those drivers' devices. */
    private static Collection<String> fleetOf(Map<String, String> env, Collection<String> devices) {
        String fleet = env.get("BOXBOX_DRIVER_FLEET");
        if (fleet == null) {
            return devices;
        }
        return java.util.Arrays.stream(fleet.split(",")).map(String::strip)
                .map(name -> name.toLowerCase(java.util.Locale.ROOT).replace(" ", "")).toList();
    }

    private void add(Instance instance) {
        instances.put(instance.name(), instance);
    }

    /** Starts the mesh at a small time scale with a fixed seed. */
    public static Mesh start(Map<String, String> extraEnv) throws Exception {
        return new Mesh(SERVICES, PrivateMosquitto.FLEET, extraEnv, null, 1, List.of());
    }

    /** The same with {@code maestri} maestro replicas sharing the durable consumers (one per order type). */
    public static Mesh startWithMaestri(Map<String, String> extraEnv, int maestri) throws Exception {
        return new Mesh(SERVICES, PrivateMosquitto.FLEET, extraEnv, null, maestri, List.of());
    }

    /**
     * The same with two panettiere replicas (the second staffed by {@link #SECOND_PANETTIERE_CREW},
     * its own seed), which the maestro balances over as {@code ./boxbox up --ha} has it.
     */
    public static Mesh startWithTwoPanettieri(Map<String, String> extraEnv) throws Exception {
        return new Mesh(SERVICES, PrivateMosquitto.FLEET, extraEnv, null, 1, 2, List.of());
    }

    /** The same, with the OpenTelemetry Java agent on every service exporting OTLP/gRPC to {@code otlpPort}. */
    public static Mesh startTraced(Map<String, String> extraEnv, int otlpPort) throws Exception {
        return new Mesh(SERVICES, PrivateMosquitto.FLEET, extraEnv, otlpPort, 1, List.of());
    }

    /** Only some of the services, without the agent (the benchmark compares the gateway with and without it). */
    public static Mesh start(List<String> services, Map<String, String> extraEnv) throws Exception {
        return new Mesh(services, PrivateMosquitto.FLEET, extraEnv, null, 1, List.of());
    }

    /** Only some of the services (the benchmark runs the gateway alone), traced like {@link #startTraced}. */
    public static Mesh startTraced(List<String> services, Map<String, String> extraEnv, int otlpPort) throws Exception {
        return new Mesh(services, PrivateMosquitto.FLEET, extraEnv, otlpPort, 1, List.of());
    }

    /**
     * Some services, traced like {@link #startTraced} when {@code otlpPort} is not null, with
     * {@code jvmOptions} after every other option ({@code {service}} in an option becomes the
     * instance's service): to measure other options against the same harness ({@code StartupProbe}).
     */
    public static Mesh startWithOptions(List<String> services, Map<String, String> extraEnv, Integer otlpPort,
                                        List<String> jvmOptions) throws Exception {
        return new Mesh(services, PrivateMosquitto.FLEET, extraEnv, otlpPort, 1, jvmOptions);
    }

    /**
     * The scaled-out shape of {@code ./boxbox up --ha}: three clustered nats-servers (every stream
     * and bucket in 3 copies, {@code BOXBOX_NATS_REPLICAS=3}) and two replicas of maestro and of each
     * kitchen service, replica 2 with its own people ({@link #SECOND_MAESTRO_CREW},
     * {@link #SECOND_PANETTIERE_CREW}, {@link #SECOND_CHEF_CREW}, {@link #SECOND_DRIVER_FLEET}) and
     * seed; the maestri balance over both replicas of each. Traced like {@link #startTraced}. The
     * cluster has no NATS users (its nodes are the test's own), so services connect without a login.
     */
    public static Mesh startScaledOut(Map<String, String> extraEnv, int otlpPort) throws Exception {
        return new Mesh(SERVICES, PrivateMosquitto.FLEET, extraEnv, otlpPort, 1, 1, List.of(), true);
    }

    /** The process ids of the broker's nodes: one, or three for a scaled-out mesh. */
    public List<Long> natsPids() {
        if (cluster == null) {
            return List.of(nats.pid());
        }
        List<Long> pids = new ArrayList<>();
        for (int node = 0; node < PrivateNatsCluster.NODES; node++) {
            pids.add(cluster.pid(node));
        }
        return pids;
    }

    /** The operating system's process id of a service instance. */
    public long pid(String name) {
        return processes.get(name).pid();
    }

    /** The private nats-server's process id. */
    public long natsPid() {
        return natsPids().getFirst();
    }

    /** The names of the running instances. */
    public List<String> services() {
        return List.copyOf(instances.keySet());
    }

    /** From the launch of each instance's process until it first answered healthy. */
    public Map<String, Duration> startToHealthy() {
        return Map.copyOf(startToHealthy);
    }

    /**
     * Only NATS, the broker and the gateway, for the GPS relay benchmark: the broker knows
     * {@code devices} (which the benchmark plays itself), the gateway runs with {@code jvmOptions}.
     */
    public static Mesh gatewayOnly(Collection<String> devices, Map<String, String> extraEnv, List<String> jvmOptions)
            throws Exception {
        return new Mesh(List.of("paddock-gateway"), devices, extraEnv, null, 1, jvmOptions);
    }

    /** The mesh's MQTT broker: its URL, every device's password, and stop/start for an outage. */
    public PrivateMosquitto mosquitto() {
        return mosquitto;
    }

    public URI gateway() {
        return URI.create("http://127.0.0.1:" + instances.get("paddock-gateway").port());
    }

    /** The mesh's NATS with the operator's credentials in the URL: what a test reading or provoking a run connects with. */
    public String natsUrl() {
        return cluster != null ? cluster.urls() : nats.url(NatsUsers.OPERATOR);
    }

    public PrivateNats nats() {
        return nats;
    }

    public Path log(String name) {
        return workDir.resolve(name + ".log");
    }

    /** {@code kill -9}: the process gets no chance to finish or hand anything back. */
    public void kill(String name) throws InterruptedException {
        Process process = processes.get(name);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGTERM, as an orchestrator stops a service; returns whether it exited within {@code grace}. */
    public boolean stop(String name, Duration grace) throws InterruptedException {
        Process process = processes.get(name);
        process.destroy();
        return process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts a killed instance again on the same port and waits until it is healthy. */
    public void restart(String name) throws Exception {
        processes.put(name, launch(instances.get(name)));
        awaitHealthy(List.of(name));
    }

    private Process launch(Instance instance) throws IOException {
        String service = instance.service();
        Path jar = root.resolve(service).resolve("target").resolve(service + "-" + version + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: package the services first (mvn install)");
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(JvmOptions.forService(root, service));
        if (otlpPort == null) {
            command.addAll(classData.optionsFor(service, instance.name()));
        } else {
            Path agent = root.resolve("target/otel/opentelemetry-javaagent.jar");
            if (!Files.isRegularFile(agent)) {
                throw new IllegalStateException(agent + " is missing: the root build fetches it (mvn generate-resources -N)");
            }
            command.add("-javaagent:" + agent);
        }
        jvmOptions.forEach(option -> command.add(option.replace("{service}", service)));
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log(instance.name()).toFile()));
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(key -> key.startsWith("OTEL_") || key.startsWith("BOXBOX_") || key.startsWith("GRPC_")
                || key.startsWith("MICRONAUT_"));
        if (cluster != null) {
            env.put("BOXBOX_NATS_URL", cluster.urls());
            env.put("BOXBOX_NATS_REPLICAS", Integer.toString(PrivateNatsCluster.NODES));
        } else {
            env.put("BOXBOX_NATS_URL", nats.url());
            env.putAll(nats.users().serviceEnvironment(NatsUsers.userOf(service)));
        }
        if (!service.equals("maestro") && !service.equals("paddock-gateway")) {
            env.put("BOXBOX_NATS_SHAPE_TOPOLOGY", "false");
        }
        // The broker's URL for everyone; each password only to whoever logs in with it.
        env.put("BOXBOX_MQTT_URL", mosquitto.url());
        if (service.equals("paddock-gateway")) {
            env.put("BOXBOX_MQTT_GATEWAY_PASSWORD", mosquitto.gatewayPassword());
        }
        if (service.equals("driver-sim")) {
            env.putAll(mosquitto.deviceEnvironment());
        }
        env.put("BOXBOX_SIM_TIME_SCALE", "0.01");
        env.put("BOXBOX_SIM_SEED", "7");
        env.put("BOXBOX_INSTANCE", instance.name() + "-e2e");
        env.put("BOXBOX_ADMIN_TOKEN", ADMIN_TOKEN);
        if (service.equals("paddock-gateway")) {
            env.put("MICRONAUT_SERVER_PORT", Integer.toString(instance.port()));
            env.put("BOXBOX_ORDER_TOKEN_SECRET", ORDER_TOKEN_SECRET);
            // Every test and benchmark client runs on this machine: one address, many people. The
            // per-person limit still applies; tests of the address limit run the gateway themselves.
            env.put("BOXBOX_RATE_LIMIT_EXEMPT_ADDRESSES", "127.0.0.1");
        } else {
            env.put("GRPC_SERVER_PORT", Integer.toString(instance.port()));
        }
        if (service.equals("maestro") && instances.containsKey("panettiere")) {
            // Every panettiere replica: with more than one the maestro balances over the list.
            env.put("GRPC_CHANNELS_PANETTIERE_ADDRESS", String.join(",", instances.values().stream()
                    .filter(i -> i.service().equals("panettiere")).map(i -> "127.0.0.1:" + i.port()).toList()));
            env.put("GRPC_CHANNELS_CHEF_ADDRESS", addressesOf("chef-sim"));
            env.put("GRPC_CHANNELS_DRIVER_ADDRESS", addressesOf("driver-sim"));
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
        if (service.equals("panettiere") && !instance.name().equals("panettiere")) {
            env.put("BOXBOX_PANETTIERE_CREW", String.join(",", SECOND_PANETTIERE_CREW));
            env.put("BOXBOX_SIM_SEED", "8");
        }
        if (!instance.name().equals(service) && !service.equals("panettiere")) {
            // replica 2 of the scaled-out mesh: its own people and seed, as ./boxbox up --ha staffs it
            switch (service) {
                case "maestro" -> env.put("BOXBOX_MAESTRO_CREW", String.join(",", SECOND_MAESTRO_CREW));
                case "chef-sim" -> env.put("BOXBOX_CHEF_CREW", String.join(",", SECOND_CHEF_CREW));
                case "driver-sim" -> env.put("BOXBOX_DRIVER_FLEET", String.join(",", SECOND_DRIVER_FLEET));
                default -> { }
            }
            env.put("BOXBOX_SIM_SEED", "8");
        }
        return builder.start();
    }

    /** host:port of every instance of {@code service}, comma-separated: with two the maestro balances over them. */
    private String addressesOf(String service) {
        return String.join(",", instances.values().stream().filter(i -> i.service().equals(service))
                .map(i -> "127.0.0.1:" + i.port()).toList());
    }

    private void closeBroker() throws Exception {
        if (nats != null) {
            nats.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private void awaitHealthy(Iterable<String> names) throws Exception {
        Instant deadline = Instant.now().plus(HEALTHY_WITHIN);
        Map<String, Boolean> healthy = new HashMap<>();
        names.forEach(name -> healthy.put(name, false));
        while (Instant.now().isBefore(deadline)) {
            for (String name : healthy.keySet()) {
                Process process = processes.get(name);
                if (!process.isAlive()) {
                    throw new AssertionError(name + " exited with " + process.exitValue() + ":\n" + tail(name));
                }
                if (!healthy.get(name)) {
                    healthy.put(name, isHealthy(instances.get(name)));
                    if (healthy.get(name) && launchedAt.containsKey(name)) {
                        startToHealthy.putIfAbsent(name, Duration.ofNanos(System.nanoTime() - launchedAt.get(name)));
                    }
                }
            }
            if (!healthy.containsValue(false)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("mesh not healthy within " + HEALTHY_WITHIN + ": " + healthy);
    }

    private boolean isHealthy(Instance instance) {
        if (instance.service().equals("paddock-gateway")) {
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
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", instance.port()).usePlaintext().build();
        try {
            return HealthGrpc.newBlockingStub(channel).withDeadlineAfter(1, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.getDefaultInstance()).getStatus() == HealthCheckResponse.ServingStatus.SERVING;
        } catch (StatusRuntimeException e) {
            return false;
        } finally {
            channel.shutdownNow();
        }
    }

    /** Whether a gRPC instance answers SERVING to a health check right now. */
    public boolean serving(String name) {
        return isHealthy(instances.get(name));
    }

    public String tail(String name) {
        try (Stream<String> lines = Files.lines(log(name))) {
            List<String> all = lines.toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - 30), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static int freePort() throws IOException {
        return LoopbackPorts.free();
    }

    @Override
    public void close() throws Exception {
        List<Process> stopping = new ArrayList<>(processes.values());
        Collections.reverse(stopping);
        stopping.forEach(Process::destroy);
        for (Process process : stopping) {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        closeBroker();
        mosquitto.close();
        List<String> refused = refusedByNats();
        if (!refused.isEmpty()) {
            throw new AssertionError("NATS refused a service something its work needs: add the subject to its user in "
                    + "deploy/nats/users.conf\n" + String.join("\n", refused));
        }
    }

    /**
     * Every permission NATS refused a service during the run, as the services logged it: a mesh
     * closes with an AssertionError when there is any, so every end-to-end test checks that
     * deploy/nats/users.conf lets each service do what it did.
     */
    public List<String> refusedByNats() throws IOException {
        List<String> refused = new ArrayList<>();
        for (String name : instances.keySet()) {
            if (Files.isRegularFile(log(name))) {
                try (Stream<String> lines = Files.lines(log(name))) {
                    lines.filter(line -> line.contains("Permissions Violation")).map(line -> name + ": " + line).forEach(refused::add);
                }
            }
        }
        return refused;
    }
}
