package io.boxbox.bench;

import io.boxbox.e2e.Mesh;
import io.boxbox.load.TifosiOrders;
import io.boxbox.pacchetto.menu.PaddockMap;
import io.boxbox.pacchetto.telemetry.TraceKeeper;
import io.nats.client.Connection;
import io.nats.client.Nats;

import io.boxbox.pacchetto.telemetry.KeptSpan;
import io.boxbox.pacchetto.telemetry.Telemetry;

import java.nio.file.Path;
import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Steps 2 and 3 on one mesh: all five services as real processes with the OpenTelemetry agent
 * (exporting to a trace keeper in this process), a calm kitchen at time scale 0.
 * <ul>
 *   <li>start-up: from each process's launch until it first answered healthy (all five at once, as
 *       {@code ./boxbox up} starts them);</li>
 *   <li>idle footprint: RSS and PSS of each service once it has settled;</li>
 *   <li>pipeline: delivery orders placed as fast as {@code pipelineClients} clients can, timed
 *       from the first POST until the last of them is DELIVERED, with the CPU time of every
 *       service (utime + stime) over that span;</li>
 *   <li>durable writes: the messages JetStream stored on file-storage streams over the same
 *       pipeline ({@link StreamWrites}), and the spans of those orders' traces, per delivered order;</li>
 *   <li>footprint under load: the highest RSS and PSS of each service during the winning race
 *       weekend ({@code ./boxbox load winning});</li>
 *   <li>with {@code --ha}, the same pipeline on the scaled-out mesh ({@link #runHa}).</li>
 * </ul>
 */
final class KitchenBench {

    private static final Duration DELIVERED_WITHIN = Duration.ofMinutes(2);
    private static final Duration WRITES_SETTLE = Duration.ofSeconds(2);
    /** The broker's process name in the CPU maps; the --ha row has one per node ("nats-server node-1" …). */
    static final String NATS = "nats-server";

    private final BenchOptions options;

    KitchenBench(BenchOptions options) {
        this.options = options;
    }

    record Pipeline(int orders, long delivered, long failed, double seconds, double ordersPerSecond,
                    Map<String, Double> cpuMsPerOrder, double cpuMsPerOrderServices, int clients) {
    }

    /**
     * @param idleCpuMsPerS           CPU each service used per second while idle, over a window after the settling pause:
     *                                background work that the pipeline's CPU per order also contains
     * @param writesPerStream         messages stored per stream during the measured pipeline (see {@link StreamWrites})
     * @param writesPerDeliveredOrder durable JetStream writes (file-storage streams) per delivered order
     * @param spansPerOrder           spans in the traces of the measured pipeline's orders, per delivered order
     * @param pssIdleMb               PSS of each service when {@code rssIdleMb} was taken
     * @param pssUnderLoadMb          the highest PSS of each service during the winning weekend
     * @param ha                      the {@code --ha} row, or null when it was not asked for
     */
    record Result(Map<String, Double> startToHealthyS, Map<String, Double> rssIdleMb, Map<String, Double> pssIdleMb,
                  Map<String, Double> idleCpuMsPerS, Pipeline pipeline, Map<String, Long> writesPerStream,
                  double writesPerDeliveredOrder, double spansPerOrder, Map<String, Double> rssUnderLoadMb,
                  Map<String, Double> pssUnderLoadMb, GatlingRun.Summary load, long spansReceived, HaRow ha,
                  Map<String, GatewayProfile.Summary> profiles) {

        Result withHa(HaRow row) {
            return new Result(startToHealthyS, rssIdleMb, pssIdleMb, idleCpuMsPerS, pipeline, writesPerStream,
                    writesPerDeliveredOrder, spansPerOrder, rssUnderLoadMb, pssUnderLoadMb, load, spansReceived, row,
                    profiles);
        }
    }

    /**
     * The scaled-out shape's pipeline (issue 13's {@code ./boxbox up --ha}: three clustered
     * nats-servers, R3 streams, two replicas of maestro and each kitchen service), measured like the
     * single-node one in the same run. {@code pipeline} is null with a {@code note} saying why when
     * it could not be measured.
     */
    record HaRow(Pipeline pipeline, double writesPerDeliveredOrder, String note) {
    }

    Result run() throws Exception {
        Result single = runSingleNode();
        // after the single-node mesh has stopped: the two never share the cores
        return options.ha() ? single.withHa(runHa()) : single;
    }

    private Result runSingleNode() throws Exception {
        Progress.step("kitchen: starting nats-server and all five services at once (agent attached, time scale 0)");
        try (TraceKeeper keeper = TraceKeeper.start("127.0.0.1", 0, java.util.Optional.empty());
             Mesh mesh = Mesh.startTraced(Mesh.SERVICES, BenchEnv.calmKitchenAtFullSpeed(), keeper.port());
             Connection nats = Nats.connect(mesh.natsUrl());
             DeliveryWatch watch = new DeliveryWatch(nats);
             OrderPoster poster = new OrderPoster(mesh.gateway(), new TifosiOrders(new PaddockMap().menu()), 1000,
                     order -> order.orderType().equals("delivery"))) {
            Map<String, Double> startup = new LinkedHashMap<>();
            mesh.startToHealthy().forEach((service, took) -> startup.put(service, took.toMillis() / 1000.0));
            Progress.line("start to healthy: %s", startup);
            Map<String, Long> services = new LinkedHashMap<>();
            for (String service : mesh.services()) {
                services.put(service, mesh.pid(service));
            }

            Progress.step("kitchen: settling " + options.settle().toSeconds() + " s, then idle RSS and PSS, then idle CPU over "
                    + options.settle().toSeconds() + " s more");
            // The first seconds after "healthy" are the start-up's tail (compiling, first connections,
            // lazy set-up: 20-40 ms/s per service here), not what a quiet service keeps spending, so
            // idle CPU is measured only once the services have settled.
            Thread.sleep(options.settle().toMillis());
            FootprintSampler.Footprint idle = FootprintSampler.now(services);
            Map<String, Long> idleBefore = ProcessMeter.ticks(services);
            long idleStart = System.nanoTime();
            Thread.sleep(options.settle().toMillis());
            Map<String, Double> idleCpu = new LinkedHashMap<>();
            double idleSeconds = (System.nanoTime() - idleStart) / 1e9;
            ProcessMeter.cpuMsSince(services, idleBefore).forEach((service, ms) -> idleCpu.put(service, ms / idleSeconds));
            Progress.line("idle RSS (MiB): %s; idle PSS (MiB): %s; idle CPU once settled (ms/s): %s", rounded(idle.rssMb()),
                    rounded(idle.pssMb()), rounded(idleCpu));

            List<String> measured = Collections.synchronizedList(new ArrayList<>());
            Map<String, Long> watched = new LinkedHashMap<>(services);
            watched.put("nats-server", mesh.natsPid());
            Measured pipeline = measurePipeline(poster, watch, nats, watched, measured);

            // three warm-up batches: at about 30 orders/s, ten seconds of samples in each service
            int profiled = 3 * options.pipelineWarmUpOrders();
            Progress.step("kitchen: profiling the five services with JFR over " + profiled
                    + " more orders (not part of the figures)");
            Map<String, GatewayProfile.Summary> profiles = GatewayProfile.recordWhile(services,
                    () -> deliver(poster, watch, profiled, options.pipelineClients(), Map.of(), new ArrayList<>()),
                    options.workDir(), "pipeline");

            Progress.step("kitchen: Ferrari is winning (Gatling) while sampling RSS and PSS");
            GatlingRun.Summary load;
            FootprintSampler.Footprint underLoad;
            try (FootprintSampler sampler = new FootprintSampler(services)) {
                load = GatlingRun.run("winning", mesh.gateway(), options.workDir());
                underLoad = sampler.stop();
            }
            Progress.line("%d requests, %d errors, p99 %.0f ms; max RSS (MiB): %s; max PSS (MiB): %s", load.requests(),
                    load.errors(), load.p99Ms(), rounded(underLoad.rssMb()), rounded(underLoad.pssMb()));
            // by now (after the load) the agents have exported every span of the measured orders' traces
            double spansPerOrder = spansPerOrder(keeper.spans(), measured, pipeline.pipeline().delivered());
            Progress.line("%.1f spans per order (traces of the measured pipeline's orders)", spansPerOrder);
            return new Result(startup, idle.rssMb(), idle.pssMb(), idleCpu, pipeline.pipeline(), pipeline.writes().perStream(),
                    pipeline.writesPerOrder(), spansPerOrder, underLoad.rssMb(), underLoad.pssMb(), load,
                    keeper.spans().size(), null, profiles);
        }
    }

    /** A measured pipeline and the durable writes JetStream stored meanwhile. */
    record Measured(Pipeline pipeline, StreamWrites.Writes writes, double writesPerOrder) {
    }

    /**
     * The pipeline on whatever mesh {@code poster}, {@code watch} and {@code nats} reach: a warm-up
     * batch, then {@link BenchOptions#pipelineOrders()} delivery orders timed from the first POST to
     * the last DELIVERED, with the CPU of the {@code watched} processes and the writes of every
     * stream over the same span; the measured orders' ids go to {@code measured}. The {@code --ha}
     * row calls this on the scaled-out mesh.
     */
    Measured measurePipeline(OrderPoster poster, DeliveryWatch watch, Connection nats, Map<String, Long> watched,
                             List<String> measured) throws Exception {
        Progress.step("kitchen: pipeline warm-up, " + options.pipelineWarmUpOrders() + " orders");
        deliver(poster, watch, options.pipelineWarmUpOrders(), options.pipelineClients(), Map.of(), new ArrayList<>());
        Progress.step("kitchen: pipeline, " + options.pipelineOrders() + " delivery orders from POST to DELIVERED");
        StreamWrites before = StreamWrites.mark(nats);
        Pipeline pipeline = deliver(poster, watch, options.pipelineOrders(), options.pipelineClients(), watched, measured);
        // what the services still store for these orders after the last DELIVERED event (acks, late bookkeeping)
        Thread.sleep(WRITES_SETTLE.toMillis());
        StreamWrites.Writes writes = StreamWrites.mark(nats).since(before);
        double writesPerOrder = writes.durablePer(pipeline.delivered());
        Progress.line("%.2f durable JetStream writes per delivered order (%s)", writesPerOrder, writes.perStream());
        Progress.line("%,.1f orders/s, %.1f CPU ms per order over the services (%s)",
                pipeline.ordersPerSecond(), pipeline.cpuMsPerOrderServices(), rounded(pipeline.cpuMsPerOrder()));
        return new Measured(pipeline, writes, writesPerOrder);
    }

    /**
     * The {@code --ha} row: the same pipeline ({@link #measurePipeline}) on the scaled-out mesh
     * ({@link Mesh#startScaledOut}: three clustered nats-servers, two replicas of maestro and each
     * kitchen service), in the same run after the single-node mesh has stopped. CPU is every
     * replica's (the services' sum) and each node's; a mesh that cannot start gives a null row
     * with the reason rather than failing the whole bench.
     */
    HaRow runHa() throws Exception {
        Progress.step("kitchen --ha: starting three clustered nats-servers and two replicas of each kitchen service");
        try (TraceKeeper keeper = TraceKeeper.start("127.0.0.1", 0, java.util.Optional.empty());
             Mesh mesh = Mesh.startScaledOut(BenchEnv.calmKitchenAtFullSpeed(), keeper.port());
             Connection nats = Nats.connect(mesh.natsUrl());
             DeliveryWatch watch = new DeliveryWatch(nats);
             OrderPoster poster = new OrderPoster(mesh.gateway(), new TifosiOrders(new PaddockMap().menu()), 1000,
                     order -> order.orderType().equals("delivery"))) {
            Progress.line("start to healthy: %s", mesh.startToHealthy());
            Map<String, Long> watched = new LinkedHashMap<>();
            for (String service : mesh.services()) {
                watched.put(service, mesh.pid(service));
            }
            List<Long> nodes = mesh.natsPids();
            for (int node = 0; node < nodes.size(); node++) {
                watched.put(NATS + " node-" + (node + 1), nodes.get(node));
            }
            Thread.sleep(options.settle().toMillis());
            Measured measured = measurePipeline(poster, watch, nats, watched, new ArrayList<>());
            return new HaRow(measured.pipeline(), measured.writesPerOrder(),
                    "3 nats-server nodes (R3), " + mesh.services().size() + " service processes: " + mesh.services());
        } catch (Exception | AssertionError e) {
            String note = "the scaled-out mesh did not give a pipeline: " + e;
            Progress.line("%s", note);
            return new HaRow(null, Double.NaN, note);
        }
    }

    /** Every span of the traces that carry one of {@code orderIds} (attribute {@code boxbox.order_id}), per delivered order. */
    static double spansPerOrder(List<KeptSpan> spans, Collection<String> orderIds, long delivered) {
        Set<String> orders = new java.util.HashSet<>(orderIds); // contains(null) is false here; Set.copyOf would throw
        Set<String> traces = spans.stream().filter(s -> orders.contains(s.attribute(Telemetry.ORDER_ID.getKey())))
                .map(KeptSpan::traceId).collect(Collectors.toSet());
        long count = spans.stream().filter(s -> traces.contains(s.traceId())).count();
        return delivered == 0 ? Double.NaN : (double) count / delivered;
    }

    /** Places {@code count} orders with {@code clients} threads and waits until all are delivered; their ids go to {@code ids}. */
    private static Pipeline deliver(OrderPoster poster, DeliveryWatch watch, int count, int clients,
                                    Map<String, Long> watched, List<String> ids) throws Exception {
        Map<String, Long> before = ProcessMeter.ticks(watched);
        long start = System.nanoTime();
        try (ExecutorService posters = Executors.newFixedThreadPool(clients)) {
            List<Future<String>> placed = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                placed.add(posters.submit(poster::placeOrder));
            }
            for (Future<String> order : placed) {
                ids.add(order.get());
            }
        }
        long delivered = watch.awaitDelivered(ids, DELIVERED_WITHIN);
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Double> cpuMs = ProcessMeter.cpuMsSince(watched, before);
        Map<String, Double> perOrder = new LinkedHashMap<>();
        cpuMs.forEach((process, ms) -> perOrder.put(process, ms / Math.max(delivered, 1)));
        double services = perOrder.entrySet().stream().filter(e -> !e.getKey().startsWith(NATS))
                .mapToDouble(Map.Entry::getValue).sum();
        if (delivered < count) {
            Progress.line("only %d of %d orders were delivered within %s (%d failed)", delivered, count,
                    DELIVERED_WITHIN, watch.failedAmong(ids));
        }
        return new Pipeline(count, delivered, watch.failedAmong(ids), seconds, delivered / seconds, perOrder, services,
                clients);
    }

    static Map<String, Long> rounded(Map<String, Double> values) {
        Map<String, Long> rounded = new LinkedHashMap<>();
        values.forEach((k, v) -> rounded.put(k, Math.round(v)));
        return rounded;
    }
}
