package io.boxbox.gateway.staff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxbox.gateway.order.GatewayOnPrivateNats;
import io.boxbox.pacchetto.crew.StaffEntry;
import io.boxbox.pacchetto.jetstream.StaffBucket;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.nats.client.KeyValue;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static io.boxbox.gateway.order.GatewayTestSupport.fetch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The staff page's source: {@code GET /v1/staff} says who is away until when, and marks an absence
 * that runs over (an oversleep) with {@code overrun}; a sleep of the usual length has none.
 */
@MicronautTest
class StaffEndpointTest extends GatewayOnPrivateNats {

    @Inject
    EmbeddedServer server;

    @Inject
    @StaffBucket
    KeyValue staff;

    private final ObjectMapper json = new ObjectMapper().findAndRegisterModules();

    @Test
    void anOversleepingPanettiereIsShownAsOneWithWhenHeIsBack() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant until = now.plusSeconds(80);
        put(new StaffEntry("Gino", "panettiere", "panettiere-1", "ASLEEP", now, until, null, now, true));
        put(new StaffEntry("Pina", "panettiere", "panettiere-1", "ASLEEP", now, until, null, now));

        HttpResponse<String> answer = fetch(server.getURI(), "/v1/staff");
        assertEquals(200, answer.statusCode(), answer.body());
        JsonNode gino = person(json.readTree(answer.body()), "Gino");
        assertEquals("ASLEEP", gino.get("state").asText());
        assertEquals(until, Instant.parse(gino.get("until").asText()));
        assertTrue(gino.get("overrun").asBoolean(), gino.toString());
        assertFalse(person(json.readTree(answer.body()), "Pina").has("overrun"), "no overrun, no field");
    }

    private void put(StaffEntry entry) throws Exception {
        staff.put(entry.key(), json.writeValueAsBytes(entry));
    }

    private static JsonNode person(JsonNode body, String name) {
        for (JsonNode person : body.get("staff")) {
            if (name.equals(person.get("name").asText())) {
                return person;
            }
        }
        throw new AssertionError(name + " is not in " + body);
    }
}
