package io.boxbox.gateway.order;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static io.boxbox.gateway.order.GatewayTestSupport.VALID_ORDER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Over real HTTP: new names and a forged X-Forwarded-For do not get one address past its limit. */
@MicronautTest
class RateLimitByAddressTest extends GatewayOnPrivateNats {

    @Inject
    EmbeddedServer server;

    @Override
    protected Map<String, String> moreProperties() {
        // This test's client (127.0.0.1) is not among the trusted proxies.
        return Map.of("boxbox.rate-limit.address-burst", "3", "boxbox.rate-limit.address-orders-per-minute", "1",
                "boxbox.rate-limit.trusted-proxies", "10.0.0.0/8");
    }

    @Test
    void aClientChangingNamesAndForgingXForwardedForIsLimitedByItsAddress() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertEquals(202, post("tifoso-" + i, "203.0.113." + i).statusCode());
        }
        HttpResponse<String> refused = post("tifoso-new", "203.0.113.200");
        assertEquals(429, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("address"), refused.body());
        assertTrue(refused.headers().firstValue("Retry-After").isPresent());
    }

    private HttpResponse<String> post(String username, String forwardedFor) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.getURI().resolve("/v1/order"))
                .header("Content-Type", "application/json").header("X-Forwarded-For", forwardedFor)
                .POST(HttpRequest.BodyPublishers.ofString(VALID_ORDER.replace("charles", username))).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
