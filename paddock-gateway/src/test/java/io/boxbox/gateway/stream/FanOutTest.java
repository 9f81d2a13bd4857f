package io.boxbox.gateway.stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxbox.gateway.order.GatewayOnPrivateNats;
import io.boxbox.gateway.order.GatewayTestSupport;
import io.boxbox.pacchetto.jetstream.Topology;
import io.boxbox.pacchetto.json.JsonConventions;
import io.boxbox.pacchetto.order.OrderState;
import io.boxbox.pacchetto.testing.StandInMaestro;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.Nats;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.DeliverPolicy;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The SSE fan-out on a real nats-server: many watchers share the gateway's one JetStream consumer
 * and each gets every event in order; a stream resumed with Last-Event-ID in the middle of live
 * traffic hands over from the replay to the live feed with no gap and no repeat; a watcher that
 * stops reading is cut off after its bounded buffer while the others go on.
 */
@MicronautTest
class FanOutTest extends GatewayOnPrivateNats {

    private static final Duration WITHIN = Duration.ofSeconds(30);
    /** The default: a resume in busy traffic must finish its replay before the live feed gets this far ahead. */
    private static final int BUFFER = 512;

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
    private Connection publisher;

    @Inject
    EmbeddedServer server;

    @Inject
    LiveEvents live;

    @Override
    protected Map<String, String> moreProperties() {
        return Map.of("boxbox.sse.buffer", Integer.toString(BUFFER), "boxbox.rate-limit.enabled", "false");
    }

    @BeforeAll
    void connect() throws Exception {
        publisher = Nats.connect(nats.url());
    }

    @AfterAll
    void disconnect() throws Exception {
        publisher.close();
        http.close();
    }

    @Test
    void twoHundredFirehoseWatchersShareOneConsumerAndEachGetsEveryEventInOrder() throws Exception {
        int watching = 0;
        awaitWatching(Topology.EVENTS_SUBJECTS, watching); // the other tests' watchers have left
        List<SseWatcher> watchers = new ArrayList<>();
        try {
            watchers.add(new SseWatcher(http, firehose(), null));
            awaitWatching(Topology.EVENTS_SUBJECTS, watching + 1);
            int consumersWithOne = consumers().size();
            for (int i = 1; i < 200; i++) {
                watchers.add(new SseWatcher(http, firehose(), null));
            }
            awaitWatching(Topology.EVENTS_SUBJECTS, watching + 200);
            assertEquals(consumersWithOne, consumers().size(), "no consumer per watcher: " + consumers());
            assertEquals(1, consumers().stream().filter(c -> c.getConsumerConfiguration().getDeliverPolicy() == DeliverPolicy.New)
                    .count(), "one live consumer for all of them: " + consumers());

            List<Long> published = new ArrayList<>();
            JetStream js = publisher.jetStream();
            for (int i = 0; i < 40; i++) {
                String orderId = fakeOrder(i % 5);
                published.add(js.publish(Topology.eventSubject(orderId), eventJson(orderId, "x")).getSeqno());
            }
            for (SseWatcher watcher : watchers) {
                assertTrue(watcher.awaitSequence(published.getLast(), WITHIN), "every watcher gets every event: " + watcher.ids());
                assertEquals(published, watcher.ids(), "in order, once each");
            }
        } finally {
            watchers.forEach(SseWatcher::close);
        }
    }

    @Test
    void aStreamResumedInTheMiddleOfLiveTrafficHasNoGapAndNoRepeat() throws Exception {
        String orderId = placeOrder();
        int watching = 0;
        awaitWatching(Topology.EVENTS_SUBJECTS, watching); // the other tests' watchers have left
        try (SseWatcher everything = new SseWatcher(http, firehose(), null)) {
            awaitWatching(Topology.EVENTS_SUBJECTS, watching + 1);
            List<Long> ofTheOrder = new ArrayList<>();
            List<Long> all = new ArrayList<>();
            CountDownLatch third = new CountDownLatch(1);
            StandInMaestro maestro = new StandInMaestro(publisher, JsonConventions.apply(new ObjectMapper()));
            CompletableFuture<Void> traffic = CompletableFuture.runAsync(() -> {
                try {
                    JetStream js = publisher.jetStream();
                    for (int i = 0; i < 300; i++) {
                        if (i % 3 == 0) {
                            maestro.record(orderId, OrderState.QUEUED, "test", "live traffic " + i);
                            long seq = publisher.jetStreamManagement()
                                    .getLastMessage(Topology.EVENTS_STREAM, Topology.eventSubject(orderId)).getSeq();
                            synchronized (all) {
                                ofTheOrder.add(seq);
                                all.add(seq);
                            }
                        } else {
                            String other = fakeOrder(i % 7);
                            long seq = js.publish(Topology.eventSubject(other), eventJson(other, "x")).getSeqno();
                            synchronized (all) {
                                all.add(seq);
                            }
                        }
                        if (i == 100) {
                            third.countDown();
                        }
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertTrue(third.await(WITHIN.toSeconds(), TimeUnit.SECONDS));
            long firehoseFrom;
            long orderFrom;
            synchronized (all) {
                firehoseFrom = all.get(all.size() / 2);
                orderFrom = ofTheOrder.get(ofTheOrder.size() / 2);
            }
            // resumed while the traffic goes on: the replay and the live feed overlap here
            try (SseWatcher resumed = new SseWatcher(http, firehose(), Long.toString(firehoseFrom));
                 SseWatcher order = new SseWatcher(http, server.getURI().resolve("/v1/order/" + orderId + "/sse"),
                         Long.toString(orderFrom))) {
                traffic.get(WITHIN.toSeconds(), TimeUnit.SECONDS);
                assertTrue(everything.awaitSequence(all.getLast(), WITHIN), "the live watcher got everything");
                assertEquals(all, everything.ids());
                assertTrue(resumed.awaitSequence(all.getLast(), WITHIN), "the resumed firehose caught up: " + resumed.ids());
                assertEquals(all.stream().filter(seq -> seq > firehoseFrom).toList(), resumed.ids(),
                        "every event after Last-Event-ID, once, in order");
                assertTrue(order.awaitSequence(ofTheOrder.getLast(), WITHIN), "the resumed order caught up: " + order.ids());
                assertEquals(ofTheOrder.stream().filter(seq -> seq > orderFrom).toList(), order.ids(),
                        "every event of the order after Last-Event-ID, once, in order");
            }
        }
    }

    @Test
    void aWatcherThatStopsReadingIsCutOffWhileTheOthersGoOn() throws Exception {
        String detail = "x".repeat(4_000);
        int events = 3_000; // ~12 MB: more than any socket buffer holds, far more than BUFFER frames
        int watching = 0;
        awaitWatching(Topology.EVENTS_SUBJECTS, watching); // the other tests' watchers have left
        try (Socket slow = new Socket(); SseWatcher reading = new SseWatcher(http, firehose(), null)) {
            slow.setReceiveBufferSize(4_096);
            slow.connect(new InetSocketAddress(server.getHost(), server.getPort()));
            OutputStream out = slow.getOutputStream();
            out.write("GET /v1/order/sse HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            awaitWatching(Topology.EVENTS_SUBJECTS, watching + 2);

            JetStream js = publisher.jetStream();
            String orderId = fakeOrder(99);
            List<Long> published = new ArrayList<>();
            // In bursts the reading watcher keeps up with (it is a test client on a busy machine,
            // not a slow one); the slow one takes nothing and falls further behind with each burst.
            for (int burst = 0; burst < events / 100; burst++) {
                List<CompletableFuture<io.nats.client.api.PublishAck>> acks = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    acks.add(js.publishAsync(Topology.eventSubject(orderId), eventJson(orderId, detail)));
                }
                for (CompletableFuture<io.nats.client.api.PublishAck> ack : acks) {
                    published.add(ack.get(WITHIN.toSeconds(), TimeUnit.SECONDS).getSeqno());
                }
                assertTrue(reading.awaitSequence(published.getLast(), WITHIN), "the reading watcher goes on: " + reading.ids().size());
            }

            assertTrue(reading.awaitSequence(published.getLast(), WITHIN), "the reading watcher goes on: " + reading.ids().size());
            assertEquals(published, reading.ids(), "all of it, in order");
            awaitWatching(Topology.EVENTS_SUBJECTS, watching + 1);

            // Now read the slow one: it finds the end of its stream long before all the events.
            slow.setSoTimeout((int) WITHIN.toMillis());
            BufferedReader in = new BufferedReader(new InputStreamReader(slow.getInputStream(), StandardCharsets.UTF_8));
            int frames = 0;
            try {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (line.startsWith("event: state") || line.startsWith("event:state")) {
                        frames++;
                    }
                }
            } catch (SocketTimeoutException stillOpen) {
                fail("the slow watcher was kept (and buffered) instead of cut off; it had read " + frames + " frames");
            }
            assertTrue(frames < events, "cut off before the end: " + frames);
        }
        assertEquals(200, GatewayTestSupport.fetch(server.getURI(), "/healthz").statusCode(), "the gateway is fine");
    }

    private List<ConsumerInfo> consumers() throws Exception {
        return publisher.jetStreamManagement().getConsumers(Topology.EVENTS_STREAM);
    }

    private void awaitWatching(String subject, int exactly) throws InterruptedException {
        Instant deadline = Instant.now().plus(WITHIN);
        while (live.watching(subject) != exactly) {
            if (Instant.now().isAfter(deadline)) {
                fail(live.watching(subject) + " watchers of " + subject + ", not " + exactly);
            }
            Thread.sleep(20);
        }
    }

    private URI firehose() {
        return server.getURI().resolve("/v1/order/sse");
    }

    private static String fakeOrder(int n) {
        return String.format("00000000-0000-4000-8000-%012d", n);
    }

    private String placeOrder() throws Exception {
        var response = GatewayTestSupport.post(server.getURI(), GatewayTestSupport.VALID_ORDER, null);
        assertEquals(202, response.statusCode(), response.body());
        return json.readTree(response.body()).get("order_id").asText();
    }

    /** A bare event on a subject no order owns: only the firehose reads it. */
    private byte[] eventJson(String orderId, String detail) throws Exception {
        return json.writeValueAsBytes(Map.of("order_id", orderId, "state", "QUEUED", "at", Instant.now().toString(),
                "actor", "test", "instance", "test", "detail", detail, "attempt", 1, "revision", 1));
    }
}
