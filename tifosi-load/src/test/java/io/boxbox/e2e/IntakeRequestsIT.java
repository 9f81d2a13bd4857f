package io.boxbox.e2e;

import io.boxbox.pacchetto.jetstream.Topology;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.Nats;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a keyed order asks of the broker, counted on the wire: a listener on every subject of the
 * gateway's private nats-server sees each request the gateway sends. The paddock-gateway README
 * promises five durable writes per keyed order (number index, key claim, the order, its
 * {@code RECEIVED} entry, the claim's confirmation), one counter write and read per run of numbers,
 * and no other look at the broker (no read before the claim, no stream or consumer info per order).
 * Three rounds one after another (index and claim, the order, arrival and confirmation): the wire
 * shows the writes, not how they overlap, so this counts them and {@code OrderPlacement} orders them.
 * The order list's check of {@code ORDER_EVENTS}' first sequence (one stream info every
 * {@code boxbox.board.check-every}, whatever the traffic) is counted apart: it is not per order.
 */
class IntakeRequestsIT {

    private static final int ORDERS = 20;

    @Test
    void aKeyedOrderMakesFiveDurableWritesAndOneCounterRunAtMost() throws Exception {
        try (Mesh mesh = Mesh.start(List.of("paddock-gateway"), Map.of());
             Connection nats = Nats.connect(mesh.natsUrl())) {
            HttpClient http = HttpClient.newHttpClient();
            place(http, mesh.gateway(), "warm-up", 0);
            Map<String, LongAdder> requests = new ConcurrentHashMap<>();
            Dispatcher listener = nats.createDispatcher(message -> {
                String kind = kind(message);
                if (kind != null) {
                    requests.computeIfAbsent(kind, k -> new LongAdder()).increment();
                }
            });
            listener.subscribe(">");
            nats.flush(Duration.ofSeconds(5));

            for (int i = 0; i < ORDERS; i++) {
                place(http, mesh.gateway(), "counted", i);
            }
            // every request was answered before its 202, so it has long reached the listener; flush to be sure
            nats.flush(Duration.ofSeconds(5));
            Thread.sleep(500);
            Map<String, Long> seen = new TreeMap<>();
            requests.forEach((kind, count) -> seen.put(kind, count.sum()));

            String all = "requests seen for " + ORDERS + " keyed orders: " + seen;
            assertEquals(ORDERS, seen.getOrDefault("order", 0L), all);
            assertEquals(ORDERS, seen.getOrDefault("journal entry", 0L), all);
            assertEquals(ORDERS, seen.getOrDefault("number index", 0L), all);
            assertEquals(2L * ORDERS, seen.getOrDefault("key claim or confirmation", 0L), all);
            long runs = seen.getOrDefault("day counter", 0L);
            assertTrue(runs >= 1 && runs <= ORDERS, "one counter write per run of numbers, at most one per order: " + all);
            assertTrue(seen.getOrDefault("direct read", 0L) <= runs, "a counter read only for a run: " + all);
            assertEquals(0L, seen.getOrDefault("other JetStream API request", 0L), all);
            assertTrue(seen.getOrDefault("order list check", 0L) <= 2, "the order list's check is periodic, not per order: " + all);
            assertEquals(0L, seen.getOrDefault("anything else", 0L), all);
        }
    }

    /** What a message on the wire is, for the requests the gateway sends; null for answers and deliveries. */
    private static String kind(Message message) {
        String subject = message.getSubject();
        String replyTo = message.getReplyTo();
        if (replyTo == null || replyTo.startsWith("$JS.ACK.") || replyTo.startsWith("$JS.FC.")
                || subject.startsWith("_INBOX")) {
            return null; // an answer to a request, a consumer's delivery (the order board's) or its flow control
        }
        if (subject.startsWith(Topology.ORDERS_SUBJECT_PREFIX)) {
            return "order";
        }
        if (subject.startsWith(Topology.EVENTS_SUBJECT_PREFIX)) {
            return "journal entry";
        }
        if (subject.startsWith("$KV." + Topology.IDEMPOTENCY_BUCKET + ".")) {
            return "key claim or confirmation";
        }
        if (subject.startsWith("$KV." + Topology.ORDER_NUMBERS_BUCKET + ".number.")) {
            return "number index";
        }
        if (subject.startsWith("$KV." + Topology.ORDER_NUMBERS_BUCKET + ".")) {
            return "day counter";
        }
        if (subject.startsWith("$JS.API.DIRECT.GET.")) {
            return "direct read";
        }
        if (subject.equals("$JS.API.STREAM.INFO." + Topology.EVENTS_STREAM)) {
            return "order list check";
        }
        if (subject.startsWith("$JS.")) {
            return "other JetStream API request";
        }
        return "anything else";
    }

    private static void place(HttpClient http, URI gateway, String run, int i) throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(gateway.resolve("/v1/order"))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", "requests-" + run + "-" + i)
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"username":"tifoso %d","size":"medium","toppings":["tomato","mozzarella"],
                         "order_type":"delivery","destination":"ascari_grandstand"}""".formatted(i)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(202, answer.statusCode(), answer.body());
    }
}
