package io.boxbox.bench;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.boxbox.e2e.Mesh;
import io.boxbox.pacchetto.json.JsonConventions;
import io.boxbox.pacchetto.order.OrderState;
import io.boxbox.pacchetto.testing.StandInMaestro;
import io.nats.client.Connection;
import io.nats.client.Nats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.Future;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.stream.IntStream;

/**
 * Device publish → SSE client receive latency of the gateway's GPS relay, measured through the real
 * thing: a private mosquitto with the project's config and one login per device, a private
 * JetStream, and the paddock-gateway jar as its own process. N devices (each its own Paho MQTT v5
 * client) publish one fix a second; one SSE client per order follows it. A sweep of fleet sizes
 * finds the largest fleet relayed with p99 under 100 ms. Timing is measured here, never asserted.
 *
 * <pre>
 * mvn -B -o package -pl tifosi-load -am -DskipTests
 * java -cp "tifosi-load/target/test-classes:$(cat tifosi-load/target/bench.classpath)" \
 *      io.boxbox.bench.GpsRelayBench --devices 1000 --seconds 20 [--sweep 1000,2000,4000] [--out gps.json]
 * </pre>
 * Options: {@code --warmup S} (5), {@code --paho-threads virtual|platform} (virtual),
 * {@code --gateway-java-opts "-Xmx512m"}, {@code --budget-seconds S} (no size is started that would
 * end past S). After every fleet size, a line on stdout holds the JSON result so far; the last is the whole.
 */
public final class GpsRelayBench {

    private static final Logger LOG = LoggerFactory.getLogger("gps-bench");
    private static final double BAR_MS = 100;

    private final Options options;
    private final ObjectMapper json = JsonConventions.apply(new ObjectMapper());
    private final HttpClient http = HttpClient.newHttpClient();

    private GpsRelayBench(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        quietLogs();
        Options options = Options.parse(args);
        new GpsRelayBench(options).run();
        System.exit(0);
    }

    /**
     * Prints the figures so far as one JSON line, after every finished fleet size: whoever runs the
     * tool and has to stop it (the bench runner's time budget) still gets every size measured so far.
     */
    private void publish(ObjectNode result) throws Exception {
        String line = json.writeValueAsString(reorder(result));
        if (options.out != null) {
            Files.writeString(options.out, line + "\n");
        }
        System.out.println(line);
        System.out.flush();
    }

    private void run() throws Exception {
        Instant started = Instant.now();
        int largest = Math.max(options.devices, options.sweep.stream().mapToInt(Integer::intValue).max().orElse(0));
        List<String> devices = IntStream.rangeClosed(1, largest).mapToObj(i -> String.format(Locale.ROOT, "dev%05d", i)).toList();
        progress("starting NATS, mosquitto (%d device logins) and the gateway", largest);
        try (Mesh mesh = Mesh.gatewayOnly(devices, Map.of("BOXBOX_SIM_TIME_SCALE", "1"), options.gatewayJavaOpts);
             Connection nats = Nats.connect(mesh.natsUrl())) {
            List<Integer> steps = new ArrayList<>(options.sweep);
            if (!steps.contains(options.devices)) {
                steps.add(options.devices);
            }
            steps.sort(Integer::compare);
            ObjectNode result = json.createObjectNode();
            ArrayNode sweep = result.putArray("gps_sweep");
            Integer bestUnderBar = null;
            Instant previousStart = null;
            int previousSize = 0;
            for (int n : steps) {
                if (previousStart != null && options.budgetSeconds > 0
                        && !fitsBudget(started, Duration.between(previousStart, Instant.now()), previousSize, n)) {
                    progress("%d devices: would not finish within the %d s budget; the sweep stops here", n,
                            options.budgetSeconds);
                    result.put("gps_sweep_cut_by_budget_at", n);
                    break;
                }
                previousStart = Instant.now();
                previousSize = n;
                ObjectNode step = step(mesh, nats, devices.subList(0, n));
                sweep.add(step);
                double p99 = step.path("p99_ms").asDouble(Double.NaN);
                boolean underBar = step.path("complete").asBoolean() && p99 < BAR_MS;
                if (n == options.devices) {
                    result.put("gps_p50_ms_" + n, step.path("p50_ms").asDouble(Double.NaN));
                    result.put("gps_p99_ms_" + n, p99);
                }
                if (underBar) {
                    bestUnderBar = n;
                }
                result.put("gps_max_fleet_p99_under_100ms", bestUnderBar == null ? 0 : bestUnderBar);
                result.put("gps_max_fleet_tried", n);
                result.put("gps_paho_threads", options.virtualThreads ? "virtual" : "platform");
                result.put("gps_seconds", seconds(started));
                publish(result);
                if (!underBar && n >= options.devices) {
                    progress("%d devices: p99 %.1f ms or incomplete; the sweep stops here", n, p99);
                    break;
                }
            }
        }
    }

    /**
     * Whether a fleet of {@code next} devices should still be tried: its set-up (logins, orders,
     * streams) grows about linearly with the fleet, so the last size's wall time scaled up is the
     * estimate, and a size that would run past the budget is not started.
     */
    private boolean fitsBudget(Instant started, Duration previous, int previousSize, int next) {
        double estimate = previous.toMillis() / 1000.0 * next / Math.max(1, previousSize);
        return seconds(started) + estimate <= options.budgetSeconds;
    }

    private ObjectNode step(Mesh mesh, Connection nats, List<String> devices) throws Exception {
        int n = devices.size();
        ObjectNode step = json.createObjectNode().put("devices", n);
        JsonNode before = relayTotals(mesh.gateway());
        progress("%d devices: connecting their MQTT clients", n);
        Instant connecting = Instant.now();
        try (DeviceFleet fleet = new DeviceFleet(mesh.mosquitto(), devices, json, options.virtualThreads)) {
            int connected = fleet.awaitConnected(Duration.ofSeconds(60 + n / 50));
            step.put("connected", connected).put("connect_s", seconds(connecting));
            progress("%d devices: %d connected in %.1f s; placing %d orders", n, connected, seconds(connecting), n);
            List<String> orders = placeOrders(mesh.gateway(), n);
            sendOutForDelivery(nats, orders, devices);
            progress("%d devices: opening %d SSE streams", n, n);
            Instant opening = Instant.now();
            try (SseAudience audience = new SseAudience(mesh.gateway(), orders)) {
                boolean ready = audience.awaitReady(Duration.ofSeconds(60 + n / 20));
                step.put("sse_ready_s", seconds(opening)).put("sse_not_ready", audience.notReady())
                        .put("sse_failed", audience.failed());
                if (!ready || connected < n) {
                    step.put("complete", false);
                    progress("%d devices: only %d clients connected, %d streams not ready; giving up on this size",
                            n, connected, audience.notReady());
                    return step;
                }
                Instant from = Instant.now().plusSeconds(options.warmup);
                Instant to = from.plusSeconds(options.seconds);
                audience.measure(from, to);
                progress("%d devices: riding for %d s warm-up + %d s measured", n, options.warmup, options.seconds);
                fleet.ride(orders, from, to);
                Thread.sleep(Math.max(0, Duration.between(Instant.now(), from).toMillis()));
                Map<String, Long> cpuBefore = cpuTicks(mesh);
                Thread.sleep(Duration.between(Instant.now(), to).plusMillis(100).toMillis());
                Map<String, Long> cpuAfter = cpuTicks(mesh);
                fleet.stopRiding();
                ObjectNode share = step.putObject("cpu_share_of_machine");
                cpuAfter.forEach((process, ticks) -> share.put(process, round((ticks - cpuBefore.get(process))
                        * 1000.0 / ProcessMeter.CLOCK_TICKS / (options.seconds * 10.0 * Runtime.getRuntime().availableProcessors()))));
                // fixes still on their way get a moment; anything later counts as lost
                Thread.sleep(1_000);
                LatencyRecorder latencies = audience.latencies();
                long sent = fleet.sentInWindow();
                step.put("sent", sent).put("received", latencies.count()).put("lost", Math.max(0, sent - latencies.count()))
                        .put("unsent", fleet.unsent())
                        .put("p50_ms", round(latencies.percentileMillis(50)))
                        .put("p90_ms", round(latencies.percentileMillis(90)))
                        .put("p99_ms", round(latencies.percentileMillis(99)))
                        .put("max_ms", round(latencies.percentileMillis(100)))
                        .put("complete", latencies.count() > 0);
            }
        }
        JsonNode after = relayTotals(mesh.gateway());
        ObjectNode dropped = step.putObject("gateway_dropped");
        after.path("fixes").path("dropped").fields().forEachRemaining(e -> dropped.put(e.getKey(),
                e.getValue().asLong() - before.path("fixes").path("dropped").path(e.getKey()).asLong()));
        step.put("gateway_relayed", after.path("fixes").path("relayed").asLong() - before.path("fixes").path("relayed").asLong());
        progress("%d devices: %s", n, step);
        return step;
    }

    /**
     * CPU so far of each process on the fixes' way: which of them holds the cores when a fleet's p99
     * climbs (this process is the devices and the SSE clients both, so it competes with the relay).
     */
    private static Map<String, Long> cpuTicks(Mesh mesh) {
        Map<String, Long> ticks = new LinkedHashMap<>();
        ticks.put("paddock-gateway", ProcessMeter.cpuTicks(mesh.pid(IntakeBench.GATEWAY)));
        ticks.put("mosquitto", ProcessMeter.cpuTicks(mesh.mosquitto().pid()));
        ticks.put("nats-server", ProcessMeter.cpuTicks(mesh.natsPids().get(0)));
        ticks.put("devices and SSE clients (bench)", ProcessMeter.cpuTicks(ProcessHandle.current().pid()));
        return ticks;
    }

    /**
     * The orders the devices' drivers carry. Setting up is not measured: a 503 (the gateway's queue
     * did not confirm in time, as on a machine busy with other work) is sent again with the same
     * Idempotency-Key, which the gateway makes safe, for up to {@link #PLACE_ATTEMPTS} tries.
     */
    private List<String> placeOrders(URI gateway, int n) throws Exception {
        Semaphore inFlight = new Semaphore(32);
        String run = Long.toString(System.nanoTime(), 36);
        List<Future<String>> placed = new ArrayList<>();
        try (ExecutorService placing = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < n; i++) {
                int order = i;
                inFlight.acquire();
                placed.add(placing.submit(() -> {
                    try {
                        return placeOne(gateway, order, "gps-" + run + "-" + order);
                    } finally {
                        inFlight.release();
                    }
                }));
            }
            List<String> ids = new ArrayList<>();
            for (Future<String> order : placed) {
                ids.add(order.get());
            }
            return ids;
        }
    }

    private static final int PLACE_ATTEMPTS = 10;

    private String placeOne(URI gateway, int i, String key) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(gateway.resolve("/v1/order"))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"username":"tifoso %d","size":"medium","toppings":["tomato","mozzarella"],
                         "order_type":"delivery","destination":"ascari_grandstand"}""".formatted(i)))
                .build();
        for (int attempt = 1; ; attempt++) {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 202) {
                return json.readTree(response.body()).get("order_id").asText();
            }
            if (response.statusCode() != 503 || attempt == PLACE_ATTEMPTS) {
                throw new IllegalStateException("POST /v1/order answered " + response.statusCode() + " (attempt "
                        + attempt + "): " + response.body());
            }
            Thread.sleep(500);
        }
    }

    /** What the maestro records when a driver picks a pizza up: it tells the gateway who carries the order. */
    private void sendOutForDelivery(Connection nats, List<String> orders, List<String> devices) throws Exception {
        StandInMaestro maestro = new StandInMaestro(nats, json);
        for (int i = 0; i < orders.size(); i++) {
            String driver = devices.get(i).substring(0, 1).toUpperCase(Locale.ROOT) + devices.get(i).substring(1);
            maestro.record(orders.get(i), OrderState.OUT_FOR_DELIVERY, driver + " (gps-bench)", "picked up");
        }
    }

    private JsonNode relayTotals(URI gateway) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(gateway.resolve("/admin/v1/gps"))
                .header("Authorization", "Bearer " + Mesh.ADMIN_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        return json.readTree(response.body());
    }

    /** The headline figures first, as the bench runner reads them. */
    private ObjectNode reorder(ObjectNode result) {
        ObjectNode ordered = json.createObjectNode();
        List<String> first = List.of("gps_p50_ms_" + options.devices, "gps_p99_ms_" + options.devices,
                "gps_max_fleet_p99_under_100ms");
        first.forEach(key -> ordered.set(key, result.get(key)));
        result.fields().forEachRemaining(e -> {
            if (!first.contains(e.getKey())) {
                ordered.set(e.getKey(), e.getValue());
            }
        });
        return ordered;
    }

    private static double seconds(Instant since) {
        return round(Duration.between(since, Instant.now()).toMillis() / 1000.0);
    }

    private static double round(double value) {
        return Double.isNaN(value) ? value : Math.round(value * 100) / 100.0;
    }

    private static void progress(String format, Object... args) {
        System.err.printf(Locale.ROOT, "[gps-bench] " + format + "%n", args);
    }

    /** Progress goes to stderr and the result to stdout; library chatter is not wanted on either. */
    private static void quietLogs() {
        if (System.getProperty("logback.configurationFile") == null
                && LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(Level.WARN);
        }
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        if (System.getProperty("boxbox.root") == null) {
            for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
                if (Files.isRegularFile(dir.resolve("mosquitto/acl")) && Files.isDirectory(dir.resolve("paddock-gateway"))) {
                    System.setProperty("boxbox.root", dir.toString());
                    break;
                }
            }
        }
    }

    private record Options(int devices, int seconds, int warmup, List<Integer> sweep, boolean virtualThreads,
                           List<String> gatewayJavaOpts, Path out, int budgetSeconds) {

        static Options parse(String[] args) {
            Map<String, String> given = new LinkedHashMap<>();
            for (int i = 0; i < args.length; i++) {
                if (!args[i].startsWith("--") || i + 1 >= args.length) {
                    throw new IllegalArgumentException("usage: GpsRelayBench [--devices 1000] [--seconds 20] [--warmup 5]"
                            + " [--sweep 1000,2000,3000,4000,6000,8000|none] [--paho-threads virtual|platform]"
                            + " [--gateway-java-opts \"-Xmx512m\"] [--out file.json] [--budget-seconds 0 (none)]");
                }
                given.put(args[i].substring(2), args[++i]);
            }
            String sweep = given.getOrDefault("sweep", "1000,2000,3000,4000,6000,8000");
            return new Options(
                    Integer.parseInt(given.getOrDefault("devices", "1000")),
                    Integer.parseInt(given.getOrDefault("seconds", "20")),
                    Integer.parseInt(given.getOrDefault("warmup", "5")),
                    sweep.equals("none") ? List.of() : Arrays.stream(sweep.split(",")).map(String::strip).map(Integer::parseInt).toList(),
                    !given.getOrDefault("paho-threads", "virtual").equals("platform"),
                    Arrays.stream(given.getOrDefault("gateway-java-opts", "-Xmx512m").split(" ")).filter(s -> !s.isBlank()).toList(),
                    given.containsKey("out") ? Path.of(given.get("out")) : null,
                    Integer.parseInt(given.getOrDefault("budget-seconds", "0")));
        }
    }
}
