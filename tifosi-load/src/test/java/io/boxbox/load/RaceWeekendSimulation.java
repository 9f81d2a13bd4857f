package io.boxbox.load;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

import java.net.URI;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Stream;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * {@code ./boxbox load winning|losing}: the k6 race weekends, run by Gatling on this machine
 * against a running gateway. System properties: {@code boxbox.load.scenario} (winning | losing)
 * and {@code boxbox.load.gateway} (default http://127.0.0.1:8080); {@code boxbox.load.mix} (or the
 * environment's {@code BOXBOX_LOAD_MIX}): {@code paddock} (default, several items sometimes, as the k6
 * script orders) or {@code one_pizza} (what the bench sends, see {@link OrderMix}); {@code boxbox.load.seed}
 * (default {@link TifosiOrders#DEFAULT_SEED}) for the orders' draws.
 *
 * <p>The assertions are the k6 script's thresholds, except that errors must be zero, not under 1 %:
 * Gatling exits non-zero when one fails.
 */
public class RaceWeekendSimulation extends Simulation {

    static final String POST_ORDER = "POST /v1/order";

    private final String gateway = System.getProperty("boxbox.load.gateway", "http://127.0.0.1:8080").replaceAll("/+$", "");
    private final RaceWeekend weekend = RaceWeekend.named(System.getProperty("boxbox.load.scenario", "losing"));
    private final TifosiOrders orders = TifosiOrders.fromGateway(URI.create(gateway), mix(),
            TifosiOrders.randomFrom(Long.getLong("boxbox.load.seed", TifosiOrders.DEFAULT_SEED)));

    private final Iterator<Map<String, Object>> tifosi =
            Stream.generate(() -> Map.<String, Object>of("order", orders.requestJson(orders.next()))).iterator();

    // k6 keeps one keep-alive connection per VU across iterations; a Gatling user lives one
    // iteration, so share the connections instead of opening one per order.
    private final HttpProtocolBuilder paddock = http.baseUrl(gateway)
            .contentTypeHeader("application/json")
            .acceptHeader("application/json, application/problem+json")
            .shareConnections();

    private final ScenarioBuilder orderPizza = scenario(weekend.k6Name())
            .feed(tifosi)
            .exec(http(POST_ORDER).post("/v1/order")
                    .body(StringBody("#{order}"))
                    .check(status().is(202), jsonPath("$.order_id").exists()))
            .pause(Duration.ofMillis(500), Duration.ofMillis(1500));

    private static OrderMix mix() {
        String named = System.getProperty("boxbox.load.mix", System.getenv("BOXBOX_LOAD_MIX"));
        return named == null || named.isBlank() ? OrderMix.PADDOCK : OrderMix.named(named);
    }

    {
        setUp(orderPizza.injectClosed(weekend.shape()))
                .protocols(paddock)
                .assertions(
                        global().failedRequests().count().is(0L),
                        details(POST_ORDER).responseTime().percentile(95.0).lt(500),
                        details(POST_ORDER).responseTime().percentile(99.0).lt(1000));
    }
}
