package io.boxbox.bench;

import io.boxbox.e2e.Mesh;
import io.boxbox.load.TifosiOrders;
import io.boxbox.pacchetto.jetstream.Topology;
import io.boxbox.pacchetto.telemetry.TraceKeeper;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.PublishOptions;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Step 1, order intake next to its physical limit, measured side by side on one broker: for each
 * number of clients, first the raw ceiling (the gateway's queue messages published straight to
 * JetStream by jnats, a synchronous publish per thread, one connection), then {@code POST /v1/order}
 * through the gateway with the same number of closed-loop HTTP clients.
 *
 * <p>The gateway runs alone against a private nats-server (with the OpenTelemetry agent, exporting
 * to a trace keeper in this process, as {@code ./boxbox up} runs it). Without a maestro nothing
 * drains the queue, so both sides publish into the same stream, which is purged before every run:
 * the comparison is the gateway's path against the broker's, not against a kitchen sharing the cores.
 */
final class IntakeBench {

    private static final String GATEWAY = "paddock-gateway";
    private static final Duration PROFILE_FOR = Duration.ofSeconds(6);

    private final BenchOptions options;

    IntakeBench(BenchOptions options) {
        this.options = options;
    }

    record Point(int clients, LoopResult intake, LoopResult raw) {
        double ratio() {
            return intake.perSecond() / raw.perSecond();
        }
    }

    /**
     * @param withoutAgent intake through a gateway started without the OpenTelemetry agent (its own
     *                     broker, same settings), to show what tracing every order costs
     */
    record Result(List<Point> points, double queuedBytes, double gatewayStartToHealthyS, GatewayProfile.Summary profile,
                  List<LoopResult> withoutAgent) {
        Point at(int clients) {
            return points.stream().filter(p -> p.clients() == clients).findFirst().orElseThrow();
        }
    }

    Result run() throws Exception {
        Result traced = runTraced();
        return new Result(traced.points(), traced.queuedBytes(), traced.gatewayStartToHealthyS(), traced.profile(),
                runWithoutAgent());
    }

    private Result runTraced() throws Exception {
        Progress.step("intake: starting nats-server and the gateway alone (with the OpenTelemetry agent)");
        try (TraceKeeper keeper = TraceKeeper.start("127.0.0.1", 0, Optional.empty());
             Mesh mesh = Mesh.startTraced(List.of(GATEWAY), BenchEnv.deployedTracing(), keeper.port());
             Connection nats = Nats.connect(mesh.natsUrl())) {
            TifosiOrders orders = new TifosiOrders(new io.boxbox.pacchetto.menu.PaddockMap().menu());
            QueuedOrders queued = new QueuedOrders(orders, 1000);
            JetStream jetStream = nats.jetStream();
            JetStreamManagement jsm = nats.jetStreamManagement();
            Map<String, Long> watched = new LinkedHashMap<>();
            watched.put(GATEWAY, mesh.pid(GATEWAY));
            watched.put("nats-server", mesh.natsPid());
            watched.put("bench (clients, trace keeper)", ProcessHandle.current().pid());
            ClosedLoop.Call raw = () -> publish(jetStream, queued.next());
            try (OrderPoster poster = new OrderPoster(mesh.gateway(), orders, 1000, o -> true)) {
                ClosedLoop.Call intake = poster::post;
                Duration warmUp = options.quick() ? Duration.ofSeconds(2) : Duration.ofSeconds(6);
                Progress.step("intake: warming up both paths (JIT) for " + warmUp.toSeconds() * 2 + " s");
                new ClosedLoop(16, warmUp, Duration.ofMillis(100)).run("warm-raw", raw, watched);
                new ClosedLoop(16, warmUp, Duration.ofMillis(100)).run("warm-intake", intake, watched);

                List<Point> points = new ArrayList<>();
                for (int clients : options.intakeClients()) {
                    ClosedLoop loop = new ClosedLoop(clients, options.intakeWarmUp(), options.intakeWindow());
                    purge(jsm);
                    LoopResult rawResult = loop.run("raw-" + clients, raw, watched);
                    purge(jsm);
                    LoopResult intakeResult = loop.run("intake-" + clients, intake, watched, mesh.pid(GATEWAY));
                    Point point = new Point(clients, intakeResult, rawResult);
                    Progress.line("%2d clients: intake %,8.0f/s p50 %.2f ms p99 %.2f ms | raw JetStream %,8.0f/s p99 %.2f ms | ratio %.2f",
                            clients, intakeResult.perSecond(), intakeResult.p50Ms(), intakeResult.p99Ms(),
                            rawResult.perSecond(), rawResult.p99Ms(), point.ratio());
                    points.add(point);
                }
                purge(jsm);
                Progress.step("intake: profiling the gateway with JFR at 64 clients for " + PROFILE_FOR.toSeconds() + " s (not part of the figures)");
                GatewayProfile.Summary profile = GatewayProfile.record(mesh.pid(GATEWAY), PROFILE_FOR,
                        () -> new ClosedLoop(64, Duration.ZERO, PROFILE_FOR.plusSeconds(1)).run("profile", intake, watched),
                        options.workDir());
                return new Result(points, queued.averageBytes(),
                        mesh.startToHealthy().get(GATEWAY).toMillis() / 1000.0, profile, List.of());
            }
        }
    }

    /** The same intake at 16 and 64 clients through a gateway without the agent. */
    private List<LoopResult> runWithoutAgent() throws Exception {
        Progress.step("intake: the same through a gateway without the OpenTelemetry agent (16 and 64 clients)");
        try (Mesh mesh = Mesh.start(List.of(GATEWAY), Map.of());
             Connection nats = Nats.connect(mesh.natsUrl());
             OrderPoster poster = new OrderPoster(mesh.gateway(), new TifosiOrders(new io.boxbox.pacchetto.menu.PaddockMap().menu()),
                     1000, o -> true)) {
            JetStreamManagement jsm = nats.jetStreamManagement();
            Map<String, Long> watched = new LinkedHashMap<>();
            watched.put(GATEWAY, mesh.pid(GATEWAY));
            watched.put("nats-server", mesh.natsPid());
            watched.put("bench (clients, trace keeper)", ProcessHandle.current().pid());
            Duration warmUp = options.quick() ? Duration.ofSeconds(2) : Duration.ofSeconds(6);
            new ClosedLoop(16, warmUp, Duration.ofMillis(100)).run("warm-plain", poster::post, watched);
            List<LoopResult> results = new ArrayList<>();
            for (int clients : List.of(16, 64)) {
                purge(jsm);
                LoopResult result = new ClosedLoop(clients, options.intakeWarmUp(), options.intakeWindow())
                        .run("plain-" + clients, poster::post, watched, mesh.pid(GATEWAY));
                Progress.line("%2d clients without the agent: intake %,8.0f/s p50 %.2f ms p99 %.2f ms", clients,
                        result.perSecond(), result.p50Ms(), result.p99Ms());
                results.add(result);
            }
            return results;
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
    }
}
