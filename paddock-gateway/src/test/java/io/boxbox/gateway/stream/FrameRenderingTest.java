package io.boxbox.gateway.stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxbox.gateway.order.GatewayOnPrivateNats;
import io.boxbox.gateway.order.GatewayTestSupport;
import io.boxbox.gateway.tracking.SseFrames;
import io.boxbox.pacchetto.jetstream.Topology;
import io.boxbox.pacchetto.json.JsonConventions;
import io.boxbox.pacchetto.order.OrderState;
import io.boxbox.pacchetto.testing.StandInMaestro;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.annotation.MockBean;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.nats.client.Connection;
import io.nats.client.Nats;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * What a state frame costs with many watchers: its text is rendered once per event, however many
 * firehose and single-order watchers it goes to (counted through the view, the one renderer), and
 * the text is exactly the JSON Micronaut would have written for the view itself.
 */
@MicronautTest
class FrameRenderingTest extends GatewayOnPrivateNats {

    private static final Duration WITHIN = Duration.ofSeconds(30);

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
    /** Renders by stream sequence, counted by the view below. */
    private final Map<Long, AtomicInteger> renders = new ConcurrentHashMap<>();
    private Connection publisher;

    @Inject
    EmbeddedServer server;

    @Inject
    LiveEvents live;

    @Inject
    OrderEventFeed feed;

    @Inject
    EventView view;

    @Inject
    JsonMapper micronautJson;

    @MockBean(EventView.class)
    EventView countingView(ObjectMapper mapper) {
        return new EventView(mapper) {
            @Override
            public String text(StoredEvent stored) {
                renders.computeIfAbsent(stored.sequence(), sequence -> new AtomicInteger()).incrementAndGet();
                return super.text(stored);
            }
        };
    }

    @Override
    protected Map<String, String> moreProperties() {
        return Map.of("boxbox.rate-limit.enabled", "false");
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
    void aStateFrameIsRenderedOnceHoweverManyWatchersGetIt() throws Exception {
        String orderId = placeOrder();
        String latest = Long.toString(feed.latest(Topology.eventSubject(orderId)).orElseThrow().sequence());
        List<SseWatcher> watchers = new ArrayList<>();
        try {
            for (int i = 0; i < 30; i++) {
                watchers.add(new SseWatcher(http, server.getURI().resolve("/v1/order/sse"), null));
            }
            // resumed from the order's latest event: nothing to replay, every frame from the live feed
            for (int i = 0; i < 10; i++) {
                watchers.add(new SseWatcher(http, server.getURI().resolve("/v1/order/" + orderId + "/sse"), latest));
            }
            awaitWatching(Topology.EVENTS_SUBJECTS, 30);
            awaitWatching(Topology.eventSubject(orderId), 10);

            List<Long> published = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                published.add(publishEvent(orderId, OrderState.QUEUED, "round " + i));
            }
            for (SseWatcher watcher : watchers) {
                assertTrue(watcher.awaitSequence(published.getLast(), WITHIN), "every watcher gets every event: " + watcher.ids());
                assertTrue(watcher.ids().containsAll(published), watcher.ids().toString());
            }
            for (long sequence : published) {
                assertEquals(1, renders.get(sequence).get(), "event #" + sequence + " rendered once for 40 watchers");
            }
        } finally {
            watchers.forEach(SseWatcher::close);
        }
    }

    @Test
    void aStateFrameCarriesTheViewAsMicronautWritesItsJson() throws Exception {
        String orderId = placeOrder();
        StoredEvent received = feed.latest(Topology.eventSubject(orderId)).orElseThrow();
        try (SseFrames sse = new SseFrames(server.getURI().resolve("/v1/order/" + orderId + "/sse"))) {
            SseFrames.Frame frame = sse.next("state", WITHIN);
            assertEquals(Long.toString(received.sequence()), frame.id());
            assertEquals(micronautJson.writeValueAsString(view.of(received)), frame.data(),
                    "the same text as Micronaut's JSON of the view: not quoted again, nothing left out");
        }
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

    private String placeOrder() throws Exception {
        HttpResponse<String> response = GatewayTestSupport.post(server.getURI(), GatewayTestSupport.VALID_ORDER, null);
        assertEquals(202, response.statusCode(), response.body());
        return json.readTree(response.body()).get("order_id").asText();
    }

    private long publishEvent(String orderId, OrderState state, String detail) throws Exception {
        new StandInMaestro(publisher, JsonConventions.apply(new ObjectMapper())).record(orderId, state, "test", detail);
        return publisher.jetStreamManagement().getLastMessage(Topology.EVENTS_STREAM, Topology.eventSubject(orderId)).getSeq();
    }
}
