package io.boxbox.gateway.kitchens;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxbox.gateway.order.GatewayOnPrivateNats;
import io.boxbox.gateway.order.GatewayTestSupport;
import io.boxbox.pacchetto.jetstream.KitchenSign;
import io.boxbox.pacchetto.jetstream.Topology;
import io.boxbox.pacchetto.json.JsonConventions;
import io.boxbox.pacchetto.order.OrderType;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.nats.client.Connection;
import io.nats.client.Nats;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** GET /v1/kitchens as the gateway serves it: a takeout order nobody makes is shown waiting. */
@MicronautTest
class KitchensEndpointTest extends GatewayOnPrivateNats {

    @Inject
    EmbeddedServer server;

    @Override
    protected Map<String, String> moreProperties() {
        return Map.of("micronaut.server.port", "-1");
    }

    @Test
    void aTypeNobodyMakesIsShownWaitingWithItsOrders() throws Exception {
        HttpResponse<String> placed = GatewayTestSupport.post(server.getURI(),
                "{\"username\":\"oscar\",\"size\":\"small\",\"toppings\":[\"basil\"],\"border\":\"none\",\"order_type\":\"takeout\"}",
                null);
        assertEquals(202, placed.statusCode(), placed.body());
        ObjectMapper json = JsonConventions.apply(new ObjectMapper());
        try (Connection connection = Nats.connect(nats.url())) {
            KitchenSign sign = new KitchenSign("maestro-7", List.of(OrderType.DELIVERY), Instant.now());
            connection.keyValue(Topology.KITCHENS_BUCKET).put(sign.key(), json.writeValueAsBytes(sign));
        }

        HttpResponse<String> answer = GatewayTestSupport.fetch(server.getURI(), "/v1/kitchens");

        assertEquals(200, answer.statusCode(), answer.body());
        JsonNode kitchens = json.readTree(answer.body()).get("kitchens");
        assertEquals("delivery", kitchens.get(0).get("order_type").asText());
        assertEquals("[\"maestro-7\"]", kitchens.get(0).get("maestri").toString());
        JsonNode takeout = kitchens.get(1);
        assertEquals("takeout", takeout.get("order_type").asText());
        assertEquals(false, takeout.get("served").asBoolean(), answer.body());
        assertEquals(1, takeout.get("waiting").asInt(), answer.body());
    }
}
