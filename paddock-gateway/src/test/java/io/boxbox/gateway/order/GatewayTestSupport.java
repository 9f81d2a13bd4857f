package io.boxbox.gateway.order;

import io.boxbox.pacchetto.jetstream.Topology;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.StreamConfiguration;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Small HTTP and broker helpers shared by the gateway's tests. */
public final class GatewayTestSupport {

    public static final String VALID_ORDER = """
            {"username":"charles","size":"medium","toppings":["tomato","mozzarella"],"border":"none",
             "order_type":"delivery","destination":"ferrari_garage"}""";

    public static final String ORDER_TOKEN_SECRET = "a-test-secret-for-order-tokens-0123456789";

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private GatewayTestSupport() {
    }

    public static HttpResponse<String> send(URI base, String contentType, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("/v1/order"))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** POST /v1/order as JSON, with an Idempotency-Key when {@code key} is not null. */
    public static HttpResponse<String> post(URI base, String body, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("/v1/order"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public static HttpResponse<String> fetch(URI base, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** DELETE {@code path}, with {@code Authorization: Bearer <token>} when the token is not null. */
    public static HttpResponse<String> delete(URI base, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).DELETE();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** How many orders the ORDERS stream ever stored (work-queue messages are removed once acked). */
    public static long ordersQueued(String natsUrl) throws Exception {
        try (Connection nats = Nats.connect(natsUrl)) {
            return nats.jetStreamManagement().getStreamInfo(Topology.ORDERS_STREAM).getStreamState().getLastSequence();
        }
    }

    /**
     * Shrinks the ORDERS dedupe window, so that "after the window" comes after a second instead
     * of two minutes: a repeat sent later is then exactly what a repeat sent 140 s later is to a
     * broker with the production window. Applied after the gateway set the topology up.
     */
    public static void shortenDuplicateWindow(String natsUrl, Duration window) throws Exception {
        try (Connection nats = Nats.connect(natsUrl)) {
            JetStreamManagement jsm = nats.jetStreamManagement();
            StreamConfiguration current = jsm.getStreamInfo(Topology.ORDERS_STREAM).getConfiguration();
            jsm.updateStream(StreamConfiguration.builder(current).duplicateWindow(window).build());
        }
    }
}
