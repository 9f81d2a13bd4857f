package io.boxbox.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxbox.e2e.Mesh;
import io.boxbox.pacchetto.json.JsonConventions;
import io.boxbox.pacchetto.order.OrderState;
import io.boxbox.pacchetto.testing.StandInMaestro;
import io.nats.client.Connection;
import io.nats.client.Nats;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.LongAdder;

/**
 * Step 5, SSE fan-out: {@value #WATCHERS} concurrent watchers on one gateway (agent off: the
 * feed's own cost), half on the firehose {@code GET /v1/order/sse}, half on single orders
 * {@code GET /v1/order/{id}/sse} ({@value #ORDERS} orders, several watchers each), while a stand-in
 * maestro appends {@value #EVENTS_PER_SECOND} events a second to those orders' journals. Latency
 * is a state frame's arrival minus the event's {@code at} (set when it is published, same machine,
 * same clock); the gateway's RSS is sampled every 200 ms over the window. Measured, never asserted.
 *
 * <p>Standalone: {@code java -cp "tifosi-load/target/test-classes:$(cat tifosi-load/target/bench.classpath)"
 * io.boxbox.bench.SseWatchersBench [--quick]}.
 */
final class SseWatchersBench {

    static final int WATCHERS = 2_000;
    static final int ORDERS = 200;
    static final int EVENTS_PER_SECOND = 20;
    static final String GATEWAY = "paddock-gateway";

    /** What one run measured. */
    record Result(int watchers, int firehose, int singleOrder, long failed, long published, long expectedFrames,
                  long frames, double p50Ms, double p99Ms, double maxMs, double gatewayRssMb, double windowS) {
    }

    private final BenchOptions options;
    private final ObjectMapper json = JsonConventions.apply(new ObjectMapper());

    SseWatchersBench(BenchOptions options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        BenchOptions options = BenchOptions.parse(args);
        System.out.println(new ObjectMapper().writeValueAsString(new SseWatchersBench(options).run()));
        System.exit(0);
    }

    Result run() throws Exception {
        Duration window = options.quick() ? Duration.ofSeconds(5) : Duration.ofSeconds(15);
        Progress.step("sse: gateway alone, " + WATCHERS + " watchers (half firehose), " + EVENTS_PER_SECOND
                + " events/s for " + window.toSeconds() + " s");
        try (Mesh mesh = Mesh.gatewayOnly(List.of(), Map.of(), List.of());
             Connection nats = Nats.connect(mesh.natsUrl())) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .executor(Executors.newVirtualThreadPerTaskExecutor()).connectTimeout(Duration.ofSeconds(10)).build();
            List<String> orders = placeOrders(http, mesh.gateway());
            Watchers watchers = new Watchers(http, mesh.gateway(), orders);
            try (watchers) {
                watchers.open();
                Progress.line("%d watchers open (%d failed); warming up", WATCHERS, watchers.failed.sum());
                StandInMaestro maestro = new StandInMaestro(nats, json);
                publish(maestro, orders, Duration.ofSeconds(2), 0);
                Thread.sleep(1_000);
                watchers.measuring = true;
                try (FootprintSampler sampler = new FootprintSampler(Map.of(GATEWAY, mesh.pid(GATEWAY)))) {
                    long published = publish(maestro, orders, window, 1);
                    Thread.sleep(2_000); // frames still on their way
                    watchers.measuring = false;
                    double rss = sampler.stop().rssMb().get(GATEWAY);
                    int single = WATCHERS - watchers.firehose;
                    long expected = published * watchers.firehose + published * single / ORDERS;
                    Result result = new Result(WATCHERS, watchers.firehose, single, watchers.failed.sum(), published,
                            expected, watchers.latencies.count(), round(watchers.latencies.percentileMillis(50)),
                            round(watchers.latencies.percentileMillis(99)), round(watchers.latencies.percentileMillis(100)),
                            round(rss), window.toSeconds());
                    Progress.line("sse: %s", result);
                    return result;
                }
            } finally {
                http.shutdownNow();
            }
        }
    }

    /** Paced appends to the orders' journals, round robin; from {@code round} on, each counted. */
    private long publish(StandInMaestro maestro, List<String> orders, Duration window, int round) throws Exception {
        long gapNanos = 1_000_000_000L / EVENTS_PER_SECOND;
        long start = System.nanoTime();
        long end = start + window.toNanos();
        long sent = 0;
        for (long due = start; due < end; due += gapNanos) {
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(Duration.ofNanos(wait));
            }
            maestro.record(orders.get((int) (sent % orders.size())), OrderState.QUEUED, "sse-bench", "round " + round);
            sent++;
        }
        return sent;
    }

    private List<String> placeOrders(HttpClient http, URI gateway) throws Exception {
        List<String> ids = new ArrayList<>();
        String run = Long.toString(System.nanoTime(), 36);
        for (int i = 0; i < ORDERS; i++) {
            HttpRequest request = HttpRequest.newBuilder(gateway.resolve("/v1/order"))
                    .header("Content-Type", "application/json").header("Idempotency-Key", "sse-" + run + "-" + i)
                    .POST(HttpRequest.BodyPublishers.ofString("""
                            {"username":"tifoso %d","size":"medium","toppings":["tomato","mozzarella"],"order_type":"takeout"}"""
                            .formatted(i))).build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 202) {
                throw new IllegalStateException("POST /v1/order answered " + response.statusCode() + ": " + response.body());
            }
            ids.add(json.readTree(response.body()).get("order_id").asText());
        }
        return ids;
    }

    private static double round(double value) {
        return Double.isNaN(value) ? value : Math.round(value * 100) / 100.0;
    }

    /** Every watcher on one HTTP client, each its own connection and line subscriber. */
    private static final class Watchers implements AutoCloseable {

        private final HttpClient http;
        private final URI gateway;
        private final List<String> orders;
        private final List<Watcher> all = new ArrayList<>();
        private final LatencyRecorder latencies = new LatencyRecorder();
        private final LongAdder failed = new LongAdder();
        private final int firehose = WATCHERS / 2;
        private volatile boolean measuring;

        Watchers(HttpClient http, URI gateway, List<String> orders) {
            this.http = http;
            this.gateway = gateway;
            this.orders = orders;
        }

        /**
         * Opening thousands at once would only queue up in the gateway's accept loop, so they go in
         * paced batches. (A firehose stream sends its headers with its first frame, so "answered"
         * cannot pace them: nothing is published yet.)
         */
        void open() throws InterruptedException {
            for (int i = 0; i < WATCHERS; i++) {
                String path = i < firehose ? "/v1/order/sse" : "/v1/order/" + orders.get(i % orders.size()) + "/sse";
                Watcher watcher = new Watcher();
                all.add(watcher);
                http.sendAsync(HttpRequest.newBuilder(gateway.resolve(path)).header("Accept", "text/event-stream").build(),
                                HttpResponse.BodyHandlers.fromLineSubscriber(watcher))
                        .whenComplete((response, error) -> {
                            if (error != null || response.statusCode() != 200) {
                                failed.increment();
                            }
                        });
                if (i % 50 == 49) {
                    Thread.sleep(50);
                }
            }
            Thread.sleep(2_000);
        }

        @Override
        public void close() {
            all.forEach(Watcher::leave);
        }

        private final class Watcher implements Flow.Subscriber<String> {

            private Flow.Subscription subscription;
            private String event = "message";
            private String data;
            private Instant arrived;

            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                this.subscription = subscription;
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(String line) {
                if (line.startsWith("event:")) {
                    event = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    data = line;
                    arrived = Instant.now();
                } else if (line.isEmpty()) {
                    // a frame's fields come in any order; it ends at the blank line
                    if (event.equals("state") && data != null && measuring) {
                        int at = data.indexOf("\"at\":\"");
                        if (at >= 0) {
                            int from = at + 6;
                            Instant sent = Instant.parse(data.substring(from, data.indexOf('"', from)));
                            latencies.record(Duration.between(sent, arrived).toNanos() / 1_000);
                        }
                    }
                    event = "message";
                    data = null;
                }
            }

            void leave() {
                if (subscription != null) {
                    subscription.cancel();
                }
            }

            @Override
            public void onError(Throwable throwable) {
                failed.increment();
            }

            @Override
            public void onComplete() {
            }
        }
    }
}
