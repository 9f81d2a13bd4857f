package io.boxbox.bench;

import io.boxbox.e2e.Mesh;
import io.boxbox.load.TifosiOrders;
import io.boxbox.pacchetto.jetstream.Topology;
import io.boxbox.pacchetto.menu.PaddockMap;
import io.boxbox.pacchetto.telemetry.TraceKeeper;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.PublishOptions;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Step 1, order intake next to its limits, measured side by side on one broker and one gateway
 * process. For each number of clients: the raw ceiling (the gateway's queue messages published
 * straight to JetStream by jnats, a synchronous publish per thread, one connection), then
 * {@code POST /v1/order} through the gateway from {@link Wrk} with as many connections and, at 16
 * and 64, the HTTP floor: the same requests from the same client to the same gateway's
 * {@code POST /v1/floor}, a no-op 202 that exists only because the bench sets
 * {@code BOXBOX_BENCH_FLOOR_ENABLED} (see paddock-gateway's {@code FloorController}). Then the
 * open model ({@link OpenModel}): orders arriving at half the closed-loop maximum at 64, latency
 * timed from each request's intended send time.
 *
 * <p>The gateway runs alone against a private nats-server (with the OpenTelemetry agent, exporting
 * to a trace keeper in this process, as {@code ./boxbox up} runs it). Without a maestro nothing
 * drains the queue, so both sides publish into the same stream, which is purged before every run:
 * the comparison is the gateway's path against the broker's, not against a kitchen sharing the cores.
 */
final class IntakeBench {

    static final String GATEWAY = "paddock-gateway";
    static final String NATS = "nats-server";
    /** The bench JVM during wrk runs: the trace keeper receiving the gateway's spans (wrk is the client). */
    static final String KEEPER = "bench (trace keeper)";
    /** The bench JVM during raw runs: the jnats publishers (and an idle trace keeper). */
    static final String JNATS = "bench (jnats client)";
    static final String ORDER_PATH = "/v1/order";
    static final String FLOOR_PATH = "/v1/floor";
    /** The connection counts at which the floor is measured too. */
    static final List<Integer> FLOOR_AT = List.of(16, 64);
    /** The open model's connections at most: as many requests in flight as the closed loop's largest point. */
    private static final int OPEN_MODEL_CONNECTIONS = 64;
    private static final Duration PROFILE_FOR = Duration.ofSeconds(6);

    private final BenchOptions options;

    IntakeBench(BenchOptions options) {
        this.options = options;
    }

    /** One number of clients: intake (wrk), raw JetStream (jnats) and, at {@link #FLOOR_AT}, the floor (wrk); else null. */
    record Point(int clients, LoopResult intake, LoopResult raw, LoopResult floor) {
        double ratio() {
            return intake.perSecond() / raw.perSecond();
        }

        /** Orders per second over floor requests per second; NaN where the floor was not measured. */
        double vsFloor() {
            return floor == null ? Double.NaN : intake.perSecond() / floor.perSecond();
        }
    }

    /**
     * @param answerBytes  the size of one 202 body of the intake and of the floor (they should be alike)
     * @param withoutKey64 intake at 64 connections without {@code Idempotency-Key}: what the key's record costs
     * @param open         the open-model run at half the closed-loop maximum at 64 connections
     * @param withoutAgent intake through a gateway started without the OpenTelemetry agent (its own
     *                     broker, same settings), to show what tracing every order costs
     */
    record Result(List<Point> points, double queuedBytes, Map<String, Integer> answerBytes, double gatewayStartToHealthyS,
                  LoopResult withoutKey64, OpenModel.Result open, GatewayProfile.Summary profile,
                  List<LoopResult> withoutAgent) {
        Point at(int clients) {
            return points.stream().filter(p -> p.clients() == clients).findFirst().orElseThrow();
        }
    }

    Result run() throws Exception {
        Result traced = runTraced();
        return new Result(traced.points(), traced.queuedBytes(), traced.answerBytes(), traced.gatewayStartToHealthyS(),
                traced.withoutKey64(), traced.open(), traced.profile(), runWithoutAgent());
    }

    private Result runTraced() throws Exception {
        Progress.step("intake: starting nats-server and the gateway alone (with the OpenTelemetry agent and the bench floor)");
        Map<String, String> env = new HashMap<>(BenchEnv.deployedTracing());
        env.put("BOXBOX_BENCH_FLOOR_ENABLED", "true");
        // Count-only: the agent exports as in production, but this JVM keeps no span, so its own
        // collections do not take CPU from the gateway it measures.
        try (TraceKeeper keeper = TraceKeeper.counting("127.0.0.1", 0);
             Mesh mesh = Mesh.startTraced(List.of(GATEWAY), env, keeper.port());
             Connection nats = Nats.connect(mesh.natsUrl())) {
            TifosiOrders orders = new TifosiOrders(new PaddockMap().menu());
            QueuedOrders queued = new QueuedOrders(orders, 1000);
            OrderBodies bodies = new OrderBodies(new TifosiOrders(new PaddockMap().menu()), 1000);
            Wrk wrk = new Wrk(mesh.gateway(), bodies, options.workDir());
            Map<String, Integer> answerBytes = new LinkedHashMap<>();
            answerBytes.put("intake", probe(mesh.gateway(), ORDER_PATH, bodies));
            answerBytes.put("floor", probe(mesh.gateway(), FLOOR_PATH, bodies));
            Progress.line("one 202 body: intake %d bytes, floor %d bytes", answerBytes.get("intake"), answerBytes.get("floor"));
            JetStream jetStream = nats.jetStream();
            JetStreamManagement jsm = nats.jetStreamManagement();
            long self = ProcessHandle.current().pid();
            Map<String, Long> rawWatched = watched(mesh, JNATS, self);
            Map<String, Long> httpWatched = watched(mesh, KEEPER, self);
            long gatewayPid = mesh.pid(GATEWAY);
            ClosedLoop.Call raw = () -> publish(jetStream, queued.next());
            Duration warmUp = options.quick() ? Duration.ofSeconds(2) : Duration.ofSeconds(6);
            Progress.step("intake: warming up raw, intake and floor (JIT) for " + warmUp.toSeconds() * 3 + " s");
            new ClosedLoop(16, warmUp, Duration.ofMillis(100)).run("warm-raw", raw, rawWatched);
            wrk.warm(ORDER_PATH, 16, warmUp);
            wrk.warm(FLOOR_PATH, 16, warmUp);

            List<Point> points = new ArrayList<>();
            for (int clients : options.intakeClients()) {
                ClosedLoop loop = new ClosedLoop(clients, options.intakeWarmUp(), options.intakeWindow());
                purge(jsm);
                LoopResult rawResult = loop.run("raw-" + clients, raw, rawWatched);
                purge(jsm);
                wrk.warm(ORDER_PATH, clients, options.intakeWarmUp());
                LoopResult intakeResult = wrk.run("intake-" + clients, ORDER_PATH, clients, options.intakeWindow(),
                        httpWatched, gatewayPid);
                LoopResult floorResult = null;
                if (FLOOR_AT.contains(clients)) {
                    wrk.warm(FLOOR_PATH, clients, options.intakeWarmUp());
                    floorResult = wrk.run("floor-" + clients, FLOOR_PATH, clients, options.intakeWindow(), httpWatched,
                            gatewayPid);
                }
                Point point = new Point(clients, intakeResult, rawResult, floorResult);
                Progress.line("%2d clients: intake %,8.0f/s p50 %.2f ms p99 %.2f ms (wrk %.0f %% of the CPU) | raw JetStream %,8.0f/s p99 %.2f ms | ratio %.3f%s",
                        clients, intakeResult.perSecond(), intakeResult.p50Ms(), intakeResult.p99Ms(),
                        100 * clientShare(intakeResult), rawResult.perSecond(), rawResult.p99Ms(), point.ratio(),
                        floorResult == null ? "" : String.format(java.util.Locale.ROOT, " | floor %,8.0f/s p99 %.2f ms | intake/floor %.3f",
                                floorResult.perSecond(), floorResult.p99Ms(), point.vsFloor()));
                if (intakeResult.firstError() != null) {
                    Progress.line("    intake errors: %s", intakeResult.firstError());
                }
                points.add(point);
            }

            purge(jsm);
            wrk.warm(ORDER_PATH, 64, options.intakeWarmUp());
            LoopResult withoutKey = wrk.run("intake-64-without-key", ORDER_PATH, 64, options.intakeWindow(), httpWatched,
                    gatewayPid, false);
            Progress.line("64 clients without Idempotency-Key: intake %,8.0f/s p50 %.2f ms p99 %.2f ms", withoutKey.perSecond(),
                    withoutKey.p50Ms(), withoutKey.p99Ms());

            purge(jsm);
            double maximum = points.stream().filter(p -> p.clients() == 64).findFirst()
                    .orElse(points.getLast()).intake().perSecond();
            double rate = Math.max(1, maximum / 2);
            Progress.step(String.format(java.util.Locale.ROOT,
                    "intake: open model, %.0f orders/s (half the closed-loop maximum) for %d s after %d s of warm-up",
                    rate, options.intakeWindow().toSeconds(), options.intakeWarmUp().toSeconds()));
            OpenModel.Result open = new OpenModel(mesh.gateway(), ORDER_PATH, bodies, OPEN_MODEL_CONNECTIONS)
                    .run(rate, options.intakeWarmUp(), options.intakeWindow(), watched(mesh, "bench (open-model client, trace keeper)", self));
            Progress.line("open model: %,.0f due/s, %d answered, %d errors, %d unanswered; p50 %.2f ms p99 %.2f ms p99.9 %.2f ms max %.2f ms%s",
                    open.perSecondSent(), open.answered(), open.errors(), open.unanswered(), open.p50Ms(), open.p99Ms(),
                    open.p999Ms(), open.maxMs(), open.firstError() == null ? "" : " (first error: " + open.firstError() + ")");

            purge(jsm);
            Progress.step("intake: profiling the gateway with JFR at 64 connections for " + PROFILE_FOR.toSeconds() + " s (not part of the figures)");
            GatewayProfile.Summary profile = GatewayProfile.record(gatewayPid,
                    () -> wrk.run("profile", ORDER_PATH, 64, PROFILE_FOR, httpWatched, 0),
                    options.workDir());
            return new Result(points, queued.averageBytes(), answerBytes,
                    mesh.startToHealthy().get(GATEWAY).toMillis() / 1000.0, withoutKey, open, profile, List.of());
        }
    }

    /** The same intake at 16 and 64 connections through a gateway without the agent. */
    private List<LoopResult> runWithoutAgent() throws Exception {
        Progress.step("intake: the same through a gateway without the OpenTelemetry agent (16 and 64 connections)");
        try (Mesh mesh = Mesh.start(List.of(GATEWAY), Map.of());
             Connection nats = Nats.connect(mesh.natsUrl())) {
            JetStreamManagement jsm = nats.jetStreamManagement();
            Wrk wrk = new Wrk(mesh.gateway(), new OrderBodies(new TifosiOrders(new PaddockMap().menu()), 1000),
                    options.workDir());
            Map<String, Long> watched = watched(mesh, KEEPER, ProcessHandle.current().pid());
            Duration warmUp = options.quick() ? Duration.ofSeconds(2) : Duration.ofSeconds(6);
            wrk.warm(ORDER_PATH, 16, warmUp);
            List<LoopResult> results = new ArrayList<>();
            for (int clients : List.of(16, 64)) {
                purge(jsm);
                wrk.warm(ORDER_PATH, clients, options.intakeWarmUp());
                LoopResult result = wrk.run("plain-" + clients, ORDER_PATH, clients, options.intakeWindow(), watched,
                        mesh.pid(GATEWAY));
                Progress.line("%2d clients without the agent: intake %,8.0f/s p50 %.2f ms p99 %.2f ms", clients,
                        result.perSecond(), result.p50Ms(), result.p99Ms());
                results.add(result);
            }
            return results;
        }
    }

    /** The client's share of the CPU that client, gateway and nats-server used together in a wrk run. */
    static double clientShare(LoopResult result) {
        Map<String, Double> cpu = result.cpuMs();
        double client = cpu.getOrDefault(Wrk.CLIENT, 0.0);
        double all = client + cpu.getOrDefault(GATEWAY, 0.0) + cpu.getOrDefault(NATS, 0.0);
        return all == 0 ? Double.NaN : client / all;
    }

    private static Map<String, Long> watched(Mesh mesh, String benchRole, long self) {
        Map<String, Long> watched = new LinkedHashMap<>();
        watched.put(GATEWAY, mesh.pid(GATEWAY));
        watched.put(NATS, mesh.natsPid());
        watched.put(benchRole, self);
        return watched;
    }

    /** One POST of the pool's first body; fails the bench unless it is a 202. Returns the answer's size in bytes. */
    private static int probe(URI gateway, String path, OrderBodies bodies) throws IOException, InterruptedException {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(gateway.resolve(path))
                            .header("Content-Type", "application/json").header("Idempotency-Key", "probe-" + System.nanoTime())
                            .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.body(0, OrderBodies.person(0)))).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 202) {
                throw new IllegalStateException("POST " + path + " answered " + answer.statusCode() + ": " + answer.body());
            }
            return answer.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        }
    }

    /** What the gateway does to queue an order, without the gateway: same subject, id, stream check. */
    private static void publish(JetStream jetStream, QueuedOrders.Message message) throws IOException, JetStreamApiException {
        PublishOptions options = PublishOptions.builder()
                .expectedStream(Topology.ORDERS_STREAM)
                .messageId(message.orderId())
                .build();
        jetStream.publish(Topology.orderSubject(message.type(), message.orderId()), message.payload(), options);
    }

    /** Every run starts from empty streams, so none pays for the messages of the one before. */
    private static void purge(JetStreamManagement jsm) throws IOException, JetStreamApiException {
        jsm.purgeStream(Topology.ORDERS_STREAM);
        jsm.purgeStream(Topology.EVENTS_STREAM);
        jsm.purgeStream("KV_" + Topology.DELIVERIES_BUCKET);
        // every request carries a fresh Idempotency-Key: the records of earlier runs are never read again
        jsm.purgeStream("KV_" + Topology.IDEMPOTENCY_BUCKET);
    }
}
