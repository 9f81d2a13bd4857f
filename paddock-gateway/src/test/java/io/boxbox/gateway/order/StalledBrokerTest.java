package io.boxbox.gateway.order;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxbox.pacchetto.jetstream.NatsSettings;
import io.boxbox.pacchetto.jetstream.Topology;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamOptions;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static io.boxbox.gateway.order.GatewayTestSupport.fetch;
import static io.boxbox.gateway.order.GatewayTestSupport.ordersQueued;
import static io.boxbox.gateway.order.GatewayTestSupport.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A broker whose acknowledgement stalls: the private nats-server is stopped with SIGSTOP for 5 s
 * while a POST waits on it (1 s request timeout), then continued with SIGCONT. Whatever it had
 * read by then it stores. The customer retries with the same Idempotency-Key and gets one pizza.
 */
@MicronautTest
class StalledBrokerTest extends GatewayOnPrivateNats {

    // Five times the request timeout: the POST must give up long before the broker wakes, even on a
    // machine so busy that its threads are not scheduled for a while (3 s once let the ack in in time).
    private static final Duration STALL = Duration.ofSeconds(5);

    private final ObjectMapper json = new ObjectMapper();

    @Inject
    EmbeddedServer server;

    @Inject
    StallSwitch stall;

    @Override
    protected Map<String, String> moreProperties() {
        return Map.of("boxbox.nats.request-timeout", "1s", "test.stall-switch", "true");
    }

    @Test
    void anOrderStoredWhileItsAckWasLostIsMadeOnceWhenRetriedWithItsKey() throws Exception {
        String body = IdempotencyTest.TAKEOUT.replace("oscar", "carlos");
        long before = ordersQueued(nats.url());
        // Stopped just as the order itself goes out: JetStream will store it, the gateway never hears.
        stall.atNextOrderPublish(nats.pid());

        HttpResponse<String> unsure = post(server.getURI(), body, "k-stalled-1");
        stall.awaitResumed();

        assertEquals(503, unsure.statusCode(), unsure.body());
        String detail = json.readTree(unsure.body()).get("detail").asText();
        assertFalse(detail.contains("NOT placed"), detail);
        assertTrue(detail.contains("unknown") && detail.contains("Idempotency-Key"), detail);
        JsonNode retried = accepted(post(server.getURI(), body, "k-stalled-1"));
        assertTrue(detail.contains(retried.get("order_id").asText()), "the 503 named the order: " + detail);
        assertOneOrder(retried.get("order_id").asText(), before);
    }

    @Test
    void anOrderPostedWhileTheBrokerIsStoppedIsMadeOnceWhenRetriedWithItsKey() throws Exception {
        String body = IdempotencyTest.TAKEOUT.replace("oscar", "kimi");
        long before = ordersQueued(nats.url());
        stall.now(nats.pid());

        HttpResponse<String> unsure = post(server.getURI(), body, "k-stalled-2");
        stall.awaitResumed();

        assertEquals(503, unsure.statusCode(), unsure.body());
        JsonNode retried = accepted(post(server.getURI(), body, "k-stalled-2"));
        assertOneOrder(retried.get("order_id").asText(), before);
    }

    private void assertOneOrder(String orderId, long queuedBefore) throws Exception {
        assertEquals(queuedBefore + 1, ordersQueued(nats.url()), "one message on ORDERS");
        assertEquals(200, fetch(server.getURI(), "/v1/order/" + orderId).statusCode());
        JsonNode history = json.readTree(fetch(server.getURI(), "/v1/order/" + orderId + "/history").body());
        assertEquals(List.of("RECEIVED"), history.get("events").findValuesAsText("state"), history.toString());
    }

    private JsonNode accepted(HttpResponse<String> response) throws Exception {
        assertEquals(202, response.statusCode(), response.body());
        return json.readTree(response.body());
    }

    /** Stops the nats-server (SIGSTOP) for {@link #STALL}, at once or as the next order is published. */
    @Singleton
    @Requires(property = "test.stall-switch", value = "true")
    static final class StallSwitch {

        private final AtomicLong armedPid = new AtomicLong();
        private volatile Thread waker;

        void atNextOrderPublish(long pid) {
            armedPid.set(pid);
        }

        void now(long pid) {
            stop(pid);
        }

        void beforePublish(String subject) {
            long pid = subject.startsWith(Topology.ORDERS_SUBJECT_PREFIX) ? armedPid.getAndSet(0) : 0;
            if (pid != 0) {
                stop(pid);
            }
        }

        void awaitResumed() throws InterruptedException {
            waker.join();
        }

        private void stop(long pid) {
            signal("STOP", pid);
            waker = Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(STALL);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    signal("CONT", pid);
                }
            });
        }

        private static void signal(String signal, long pid) {
            try {
                int exit = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start().waitFor();
                if (exit != 0) {
                    throw new IllegalStateException("kill -" + signal + " " + pid + " exited " + exit);
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** The real JetStream context, told by the switch when an order is about to be published. */
    @Factory
    @Requires(property = "test.stall-switch", value = "true")
    static class StallingJetStream {

        @Singleton
        @Replaces(JetStream.class)
        JetStream jetStream(Connection connection, NatsSettings settings, StallSwitch stall) throws IOException {
            JetStream real = connection.jetStream(JetStreamOptions.builder().requestTimeout(settings.requestTimeout()).build());
            return (JetStream) Proxy.newProxyInstance(JetStream.class.getClassLoader(), new Class<?>[] {JetStream.class},
                    (proxy, method, args) -> {
                        if (method.getName().equals("publish") && args != null && args[0] instanceof String subject) {
                            stall.beforePublish(subject);
                        }
                        try {
                            return method.invoke(real, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }
    }
}
