package io.boxbox.bench;

import com.sun.net.httpserver.HttpServer;
import io.boxbox.load.TifosiOrders;
import io.boxbox.pacchetto.menu.PaddockMap;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The open model counts a server's stall for every request that came due during it, not only for
 * the few that were on the wire: timed from the intended send time, a 600 ms stall at 200 requests
 * a second moves the p90 (a closed loop, or an open one timed from the send, would see 4 slow
 * requests out of 400 and a p90 near zero). Only lower bounds on latency: a slow machine can only
 * make them larger.
 */
class OpenModelTest {

    @Test
    void aStallCountsForEveryRequestThatCameDueDuringIt() throws Exception {
        AtomicLong stallUntil = new AtomicLong();
        AtomicLong bodies = new AtomicLong();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/v1/order", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (new String(body, StandardCharsets.UTF_8).contains("\"username\":\"tifoso-")
                    && exchange.getRequestHeaders().getFirst("Idempotency-Key") != null) {
                bodies.incrementAndGet();
            }
            long wait = stallUntil.get() - System.nanoTime();
            if (wait > 0) {
                try {
                    Thread.sleep(Duration.ofNanos(wait));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] answer = "{\"order_id\":\"x\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(202, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        try {
            URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
            OpenModel open = new OpenModel(base, "/v1/order", new OrderBodies(new TifosiOrders(new PaddockMap().menu()), 50), 4);
            Thread stall = Thread.ofPlatform().daemon().start(() -> {
                try {
                    Thread.sleep(900);
                    stallUntil.set(System.nanoTime() + Duration.ofMillis(600).toNanos());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            OpenModel.Result result = open.run(200, Duration.ofMillis(300), Duration.ofSeconds(2), Map.of());
            stall.join();

            assertEquals(400, result.due(), "200 a second for 2 s");
            assertEquals(result.due(), result.answered() + result.unanswered(), "every request due was answered or counted");
            assertEquals(0, result.errors(), String.valueOf(result.firstError()));
            assertTrue(result.connectionsOpened() <= 4, "at most 4 connections: " + result.connectionsOpened());
            assertTrue(result.maxMs() >= 500, "the request due when the stall began waited it out: max " + result.maxMs());
            assertTrue(result.p90Ms() >= 100, "about 120 of 400 requests came due during the stall: p90 " + result.p90Ms());
            assertTrue(bodies.get() >= result.answered(), "each request is an order with a person and a key");
        } finally {
            server.stop(0);
        }
    }
}
