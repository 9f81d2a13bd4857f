package io.boxbox.gateway.pantry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxbox.gateway.order.GatewayOnPrivateNats;
import io.boxbox.gateway.order.GatewayTestSupport;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static io.boxbox.gateway.order.GatewayTestSupport.fetch;
import static io.boxbox.gateway.order.GatewayTestSupport.ordersQueued;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Race control empties the mozzarella: the pantry shows it, the menu marks it unavailable and a
 * new order naming it is refused by field path, saying so; nothing is queued for it.
 */
@MicronautTest
class PantryEndpointsTest extends GatewayOnPrivateNats {

    private static final String TOKEN = "pantry-test-admin-token";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @Inject
    EmbeddedServer server;

    @Override
    protected Map<String, String> moreProperties() {
        return Map.of("boxbox.admin.token", TOKEN);
    }

    private URI base() {
        return server.getURI();
    }

    @AfterEach
    void fillTheMozzarella() throws Exception {
        put("mozzarella", "{\"stock\": 100000}", TOKEN);
    }

    @Test
    void anEmptiedShelfIsOffTheMenuAndANewOrderNamingItIsRefused() throws Exception {
        HttpResponse<String> emptied = put("mozzarella", "{\"stock\": 0}", TOKEN);
        assertEquals(200, emptied.statusCode(), emptied.body());
        assertEquals(0, json.readTree(emptied.body()).get("stock").asInt());

        JsonNode shelves = json.readTree(fetch(base(), "/v1/pantry").body()).get("shelves");
        JsonNode mozzarella = find(shelves, "ingredient", "mozzarella");
        assertEquals(0, mozzarella.get("stock").asInt());
        assertTrue(mozzarella.get("capacity").asInt() > 0);
        assertTrue(find(shelves, "ingredient", "dough").get("stock").asInt() > 0);

        JsonNode menu = json.readTree(fetch(base(), "/v1/menu").body());
        assertFalse(find(menu.get("pizza_toppings"), "id", "mozzarella").get("available").asBoolean());
        assertTrue(find(menu.get("pizza_toppings"), "id", "tomato").get("available").asBoolean());
        assertTrue(find(menu.get("pizza_sizes"), "id", "medium").get("available").asBoolean());

        long queued = ordersQueued(nats.url());
        HttpResponse<String> refused = GatewayTestSupport.send(base(), "application/json", """
                {"username":"charles","size":"medium","toppings":["tomato","mozzarella"],"order_type":"takeout"}""");
        assertEquals(422, refused.statusCode(), refused.body());
        JsonNode error = json.readTree(refused.body()).get("errors").get(0);
        assertEquals("toppings[1]", error.get("field").asText());
        assertTrue(error.get("message").asText().startsWith("mozzarella is out of stock; "), error.toString());
        assertEquals(queued, ordersQueued(nats.url()));

        put("mozzarella", "{\"stock\": 100000}", TOKEN);
        HttpResponse<String> accepted = GatewayTestSupport.send(base(), "application/json", """
                {"username":"charles","size":"medium","toppings":["tomato","mozzarella"],"order_type":"takeout"}""");
        assertEquals(202, accepted.statusCode(), accepted.body());
    }

    @Test
    void inAnOrderOfItemsEachOutOfStockFieldIsNamedByItsPath() throws Exception {
        try {
            assertEquals(200, put("mozzarella", "{\"stock\": 0}", TOKEN).statusCode());
            assertEquals(200, put("chinotto", "{\"stock\": 0}", TOKEN).statusCode());
            HttpResponse<String> refused = GatewayTestSupport.send(base(), "application/json", """
                    {"username":"lando","order_type":"takeout","items":[
                      {"kind":"pizza","size":"small","toppings":["basil","mozzarella"]},
                      {"kind":"item","id":"acqua_naturale"},
                      {"kind":"item","id":"chinotto","quantity":2}]}""");
            assertEquals(422, refused.statusCode(), refused.body());
            JsonNode errors = json.readTree(refused.body()).get("errors");
            assertEquals(2, errors.size(), errors.toString());
            assertEquals("items[0].toppings[1]", errors.get(0).get("field").asText());
            assertEquals("items[2].id", errors.get(1).get("field").asText());
            assertTrue(errors.get(1).get("message").asText().startsWith("chinotto is out of stock; "));
        } finally {
            put("chinotto", "{\"stock\": 100000}", TOKEN);
        }
    }

    @Test
    void outOfDoughEverySizeIsUnavailable() throws Exception {
        try {
            assertEquals(200, put("dough", "{\"stock\": 0}", TOKEN).statusCode());
            JsonNode menu = json.readTree(fetch(base(), "/v1/menu").body());
            for (JsonNode size : menu.get("pizza_sizes")) {
                assertFalse(size.get("available").asBoolean(), size.toString());
            }
        } finally {
            put("dough", "{\"stock\": 100000}", TOKEN);
        }
    }

    @Test
    void anUnknownIngredientOrAMissingTokenIsAProblem() throws Exception {
        HttpResponse<String> unknown = put("unicorn", "{\"stock\": 0}", TOKEN);
        assertEquals(404, unknown.statusCode());
        assertTrue(unknown.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        assertEquals("ingredient", json.readTree(unknown.body()).get("errors").get(0).get("field").asText());

        assertEquals(401, put("mozzarella", "{\"stock\": 0}", null).statusCode());
        assertEquals(401, put("mozzarella", "{\"stock\": 0}", "wrong").statusCode());

        HttpResponse<String> negative = put("mozzarella", "{\"stock\": -3}", TOKEN);
        assertEquals(422, negative.statusCode());
        assertEquals("stock", json.readTree(negative.body()).get("errors").get(0).get("field").asText());
    }

    private HttpResponse<String> put(String ingredient, String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base().resolve("/admin/v1/pantry/" + ingredient))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode find(JsonNode list, String field, String value) {
        for (JsonNode entry : list) {
            if (value.equals(entry.get(field).asText())) {
                return entry;
            }
        }
        throw new AssertionError("no " + value + " in " + list);
    }
}
