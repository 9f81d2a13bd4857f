package io.boxbox.gateway.order;

import io.boxbox.pacchetto.jetstream.Topology;
import io.nats.client.Connection;
import io.nats.client.Nats;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Small HTTP and broker helpers shared by the gateway's tests. */
final class GatewayTestSupport {

    static final String VALID_ORDER = """
            {"username":"charles","size":"medium","toppings":["tomato","mozzarella"],"border":"none",
             "order_type":"delivery","destination":"ferrari_garage"}""";

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private GatewayTestSupport() {
    }

    static HttpResponse<String> send(URI base, String contentType, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("/v1/order"))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> fetch(URI base, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** How many orders the ORDERS stream ever stored (work-queue messages are removed once acked). */
    static long ordersQueued(String natsUrl) throws Exception {
        try (Connection nats = Nats.connect(natsUrl)) {
            return nats.jetStreamManagement().getStreamInfo(Topology.ORDERS_STREAM).getStreamState().getLastSequence();
        }
    }
}
