package io.boxbox.gateway.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxbox.gateway.order.GatewayOnPrivateNats;
import io.boxbox.gateway.order.GatewayTestSupport;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With {@code boxbox.bench.floor-enabled}, POST /v1/floor answers 202 with the shape of an accepted
 * order, about the size of a real one, and places nothing.
 */
@MicronautTest
class FloorEnabledTest extends GatewayOnPrivateNats {

    @Inject
    EmbeddedServer server;

    @Override
    protected Map<String, String> moreProperties() {
        return Map.of(FloorController.ENABLED, "true");
    }

    @Test
    void theFloorAnswersLikeAnAcceptedOrderWithoutPlacingOne() throws Exception {
        HttpResponse<String> real = post("/v1/order");
        HttpResponse<String> floor = post("/v1/floor");
        assertEquals(202, real.statusCode(), real.body());
        assertEquals(202, floor.statusCode(), floor.body());
        JsonNode body = new ObjectMapper().readTree(floor.body());
        for (String field : new String[] {"order_id", "order_number", "state", "ordered_at", "bill", "status_url",
                "tracking_url", "page_url", "order_token"}) {
            assertTrue(body.has(field), field + " missing from " + floor.body());
        }
        assertTrue(floor.headers().firstValue("Location").isPresent());
        // same size within a tenth: the bench compares the two per request
        assertTrue(Math.abs(floor.body().length() - real.body().length()) <= real.body().length() / 10,
                "floor " + floor.body().length() + " bytes, real " + real.body().length() + ": " + floor.body() + " / " + real.body());
        // the real POST queued one order; the floor none
        assertEquals(1, GatewayTestSupport.ordersQueued(nats.url()));
    }

    private HttpResponse<String> post(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.getURI().resolve(path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(GatewayTestSupport.VALID_ORDER)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
