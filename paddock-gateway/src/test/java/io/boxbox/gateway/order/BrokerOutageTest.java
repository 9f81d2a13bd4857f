package io.boxbox.gateway.order;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxbox.pacchetto.testing.PrivateNats;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static io.boxbox.gateway.order.GatewayTestSupport.VALID_ORDER;
import static io.boxbox.gateway.order.GatewayTestSupport.fetch;
import static io.boxbox.gateway.order.GatewayTestSupport.ordersQueued;
import static io.boxbox.gateway.order.GatewayTestSupport.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** With JetStream unreachable the gateway says so (503) and nothing it refused shows up later. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrokerOutageTest implements TestPropertyProvider {

    private PrivateNats nats;

    @Inject
    EmbeddedServer server;

    @Override
    public Map<String, String> getProperties() {
        try {
            nats = new PrivateNats();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return Map.of("boxbox.mqtt.enabled", "false", "boxbox.nats.url", nats.url(), "boxbox.nats.request-timeout", "1s");
    }

    @AfterAll
    void stopBroker() throws Exception {
        nats.close();
    }

    @Test
    void whileNatsIsDownOrdersAreRefusedWith503AndNotQueuedLater() throws Exception {
        assertEquals(202, send(server.getURI(), "application/json", VALID_ORDER).statusCode());
        long queued = ordersQueued(nats.url());

        nats.stop();
        HttpResponse<String> refused = send(server.getURI(), "application/json", VALID_ORDER);
        assertEquals(503, refused.statusCode(), refused.body());
        assertEquals("application/problem+json", refused.headers().firstValue("Content-Type").orElse(""));
        assertTrue(refused.headers().firstValue("Retry-After").isPresent());
        assertTrue(new ObjectMapper().readTree(refused.body()).get("detail").asText().contains("NOT placed"));
        assertEquals(503, fetch(server.getURI(), "/healthz").statusCode());

        nats.start();
        awaitHealthy();
        assertEquals(202, send(server.getURI(), "application/json", VALID_ORDER).statusCode());
        assertEquals(queued + 1, ordersQueued(nats.url()), "only the order accepted after the outage was added");
    }

    private void awaitHealthy() throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline)) {
            if (fetch(server.getURI(), "/healthz").statusCode() == 200) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the gateway did not reconnect to NATS");
    }
}
