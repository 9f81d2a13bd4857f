package io.boxbox.gateway.timeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxbox.gateway.order.GatewayOnPrivateNats;
import io.boxbox.gateway.order.GatewayTestSupport;
import io.boxbox.pacchetto.json.JsonConventions;
import io.boxbox.pacchetto.order.OrderState;
import io.boxbox.pacchetto.testing.StandInMaestro;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.nats.client.Connection;
import io.nats.client.Nats;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GET /v1/order/{id}/timeline from a real journal: stages in order, the current one open, the wait explained. */
@MicronautTest
class TimelineEndpointTest extends GatewayOnPrivateNats {

    private final ObjectMapper json = JsonConventions.apply(new ObjectMapper());

    @Inject
    EmbeddedServer server;

    @Test
    void anOrderWaitingForDoughSaysWhoOverslept() throws Exception {
        HttpResponse<String> placed = GatewayTestSupport.post(server.getURI(), GatewayTestSupport.VALID_ORDER, null);
        assertEquals(202, placed.statusCode(), placed.body());
        String orderId = json.readTree(placed.body()).get("order_id").asText();
        try (Connection connection = Nats.connect(nats.url())) {
            StandInMaestro maestro = new StandInMaestro(connection, json);
            maestro.record(orderId, OrderState.QUEUED, "Enzo (maestro-1)", null);
            maestro.record(orderId, OrderState.WAITING_FOR_DOUGH, "Enzo (maestro-1)", "panettiere unavailable: nobody on"
                    + " duty at panettiere: Gino asleep until 2026-12-02T12:03:00Z (oversleep)");
            maestro.record(orderId, OrderState.MAKING_DOUGH, "Gino (panettiere-1)", null);
        }
        HttpResponse<String> response = GatewayTestSupport.fetch(server.getURI(), "/v1/order/" + orderId + "/timeline");
        assertEquals(200, response.statusCode(), response.body());
        JsonNode timeline = json.readTree(response.body());
        assertEquals(orderId, timeline.get("order_id").asText());
        assertTrue(timeline.get("order_number").asText().startsWith("BB-"));
        JsonNode stages = timeline.get("stages");
        assertEquals("RECEIVED QUEUED WAITING_FOR_DOUGH MAKING_DOUGH",
                String.join(" ", stages.findValuesAsText("state")));
        assertTrue(stages.get(3).get("to").isNull(), "still making the dough");
        assertEquals("Gino (panettiere-1)", stages.get(3).get("actor").asText());
        String why = timeline.get("why").toString();
        assertTrue(why.contains("for dough: Gino overslept"), why);
        assertTrue(timeline.get("total_ms").asLong() >= 0);
    }

    @Test
    void anUnknownOrderIs404() throws Exception {
        HttpResponse<String> response = GatewayTestSupport.fetch(server.getURI(), "/v1/order/" + UUID.randomUUID() + "/timeline");
        assertEquals(404, response.statusCode(), response.body());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""));
    }
}
