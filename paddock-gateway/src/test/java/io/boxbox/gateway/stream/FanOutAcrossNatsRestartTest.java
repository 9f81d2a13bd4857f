package io.boxbox.gateway.stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxbox.gateway.order.GatewayOnPrivateNats;
import io.boxbox.pacchetto.jetstream.Topology;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.nats.client.Connection;
import io.nats.client.Nats;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The shared live subscription outlives a NATS outage: watchers that stayed connected to the
 * gateway get the events stored once the broker is back, each once and in order.
 */
@MicronautTest
class FanOutAcrossNatsRestartTest extends GatewayOnPrivateNats {

    private static final Duration WITHIN = Duration.ofSeconds(40);

    private final ObjectMapper json = new ObjectMapper();

    @Inject
    EmbeddedServer server;

    @Inject
    LiveEvents live;

    @Override
    protected Map<String, String> moreProperties() {
        return Map.of("boxbox.rate-limit.enabled", "false");
    }

    @Test
    void watchersKeepGettingEventsAfterANatsRestartWithoutRepeats() throws Exception {
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
             SseWatcher watcher = new SseWatcher(http, server.getURI().resolve("/v1/order/sse"), null)) {
            Instant deadline = Instant.now().plus(WITHIN);
            while (live.watching(Topology.EVENTS_SUBJECTS) < 1) {
                if (Instant.now().isAfter(deadline)) {
                    fail("the watcher never attached");
                }
                Thread.sleep(20);
            }
            String orderId = "00000000-0000-4000-8000-000000000007";
            List<Long> published = new ArrayList<>();
            try (Connection publisher = Nats.connect(nats.url())) {
                published.add(publisher.jetStream().publish(Topology.eventSubject(orderId), event(orderId)).getSeqno());
            }
            assertTrue(watcher.awaitSequence(published.getLast(), WITHIN), "before the outage: " + watcher.ids());

            nats.stop();
            nats.start();

            // once the gateway is back on NATS, what is stored reaches the watcher that stayed
            try (Connection publisher = Nats.connect(nats.url())) {
                for (int i = 0; i < 3; i++) {
                    published.add(publisher.jetStream().publish(Topology.eventSubject(orderId), event(orderId)).getSeqno());
                }
            }
            assertTrue(watcher.awaitSequence(published.getLast(), WITHIN), "after the outage: " + watcher.ids());
            assertEquals(published, watcher.ids(), "every event once, in order");
        }
    }

    private byte[] event(String orderId) throws Exception {
        return json.writeValueAsBytes(Map.of("order_id", orderId, "state", "QUEUED", "at", Instant.now().toString(),
                "actor", "test", "instance", "test", "detail", "", "attempt", 1, "revision", 1));
    }
}
