package io.boxbox.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxbox.load.TifosiOrders;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * {@code POST /v1/order} with realistic bodies from a pool made up front, so the client spends its
 * CPU on HTTP rather than on making up pizzas. One JDK HTTP/1.1 client with keep-alive connections.
 * The bench and the chaos run ({@code io.boxbox.chaos}) place their orders through it.
 */
public final class OrderPoster implements AutoCloseable {

    /** The gateway's answer to one POST. */
    public record Answer(int status, String body) {
    }

    private final URI orderUri;
    private final List<byte[]> bodies = new ArrayList<>();
    private final AtomicInteger next = new AtomicInteger();
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final ObjectMapper json = new ObjectMapper();

    public OrderPoster(URI gateway, TifosiOrders orders, int poolSize, Predicate<TifosiOrders.TifosoOrder> which) {
        this.orderUri = gateway.resolve("/v1/order");
        while (bodies.size() < poolSize) {
            TifosiOrders.TifosoOrder order = orders.next();
            if (which.test(order)) {
                bodies.add(orders.requestJson(order).getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    /** The pool's next body, for a caller that may have to send the same order again. */
    public byte[] nextBody() {
        return bodies.get(Math.floorMod(next.getAndIncrement(), bodies.size()));
    }

    /** One POST of {@code body}, with an {@code Idempotency-Key} when {@code idempotencyKey} is not null. */
    public Answer post(byte[] body, String idempotencyKey) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(orderUri)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body());
    }

    /** The order id of a 202 body. */
    public String orderId(Answer accepted) throws IOException {
        return json.readTree(accepted.body()).get("order_id").asText();
    }

    /** Places the next order; throws unless the gateway accepted it (202). Returns the 202 body. */
    String post() throws IOException, InterruptedException {
        Answer answer = post(nextBody(), null);
        if (answer.status() != 202) {
            throw new IllegalStateException("POST /v1/order answered " + answer.status() + ": " + answer.body());
        }
        return answer.body();
    }

    /** Places the next order and returns its id. */
    String placeOrder() throws IOException, InterruptedException {
        return json.readTree(post()).get("order_id").asText();
    }

    @Override
    public void close() {
        http.close();
    }
}
