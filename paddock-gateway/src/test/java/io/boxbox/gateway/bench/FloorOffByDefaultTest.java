package io.boxbox.gateway.bench;

import io.boxbox.gateway.order.GatewayOnPrivateNats;
import io.boxbox.gateway.order.GatewayTestSupport;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** A gateway started as users start it has no bench floor: no bean, and POST /v1/floor is not answered 202. */
@MicronautTest
class FloorOffByDefaultTest extends GatewayOnPrivateNats {

    @Inject
    ApplicationContext context;

    @Inject
    EmbeddedServer server;

    @Test
    void theFloorIsNotThereUnlessTheBenchAsksForIt() throws Exception {
        assertFalse(context.containsBean(FloorController.class));
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.getURI().resolve("/v1/floor"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(GatewayTestSupport.VALID_ORDER)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertNotEquals(202, answer.statusCode(), answer.body());
    }
}
