package io.boxbox.gateway.order;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static io.boxbox.gateway.order.GatewayTestSupport.fetch;
import static io.boxbox.gateway.order.GatewayTestSupport.ordersQueued;
import static io.boxbox.gateway.order.GatewayTestSupport.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every malformed request a client can send gets a 4xx problem document, nothing is queued, and
 * the gateway stays healthy: missing and blank fields, wrong types, values off the menu or the map,
 * oversized and overlong input, broken JSON.
 */
@MicronautTest
class MalformedOrderTest extends GatewayOnPrivateNats {

    private static final String[] FIELDS = {"username", "size", "toppings", "border", "order_type", "destination"};

    private final ObjectMapper json = new ObjectMapper();

    @Inject
    EmbeddedServer server;


    static String valid(String field, String rawValue) {
        Map<String, String> fields = new java.util.LinkedHashMap<>(Map.of(
                "username", "\"max\"", "size", "\"small\"", "toppings", "[\"tomato\"]", "border", "\"none\"",
                "order_type", "\"delivery\"", "destination", "\"ferrari_garage\""));
        if (rawValue == null) {
            fields.remove(field);
        } else {
            fields.put(field, rawValue);
        }
        StringBuilder body = new StringBuilder("{");
        fields.forEach((k, v) -> body.append(body.length() > 1 ? "," : "").append('"').append(k).append("\":").append(v));
        return body.append('}').toString();
    }

    static Stream<Arguments> malformed() {
        List<Arguments> cases = new ArrayList<>();
        for (String required : List.of("username", "size", "order_type")) {
            cases.add(Arguments.of("missing " + required, valid(required, null)));
            cases.add(Arguments.of("null " + required, valid(required, "null")));
            cases.add(Arguments.of("blank " + required, valid(required, "\"   \"")));
        }
        cases.add(Arguments.of("missing destination for a delivery", valid("destination", null)));
        for (String field : FIELDS) {
            cases.add(Arguments.of(field + " as an object", valid(field, "{\"a\":{\"b\":1}}")));
            cases.add(Arguments.of(field + " as true", valid(field, "true")));
            cases.add(Arguments.of(field + " as a number", valid(field, "42")));
        }
        for (String field : List.of("username", "size", "border", "order_type")) {
            cases.add(Arguments.of(field + " as a list", valid(field, "[\"x\"]")));
            cases.add(Arguments.of(field + " overlong", valid(field, "\"" + "x".repeat(300) + "\"")));
        }
        Stream.of(
                Arguments.of("size huge", valid("size", "\"huge\"")),
                Arguments.of("size in capitals", valid("size", "\"SMALL\"")),
                Arguments.of("size with a space", valid("size", "\" small\"")),
                Arguments.of("border gold", valid("border", "\"gold\"")),
                Arguments.of("order type drone", valid("order_type", "\"drone\"")),
                Arguments.of("unknown topping", valid("toppings", "[\"unicorn\"]")),
                Arguments.of("blank topping", valid("toppings", "[\"\"]")),
                Arguments.of("null topping", valid("toppings", "[null]")),
                Arguments.of("nested topping list", valid("toppings", "[[\"ham\"]]")),
                Arguments.of("eleven toppings", valid("toppings", "[" + "\"ham\",".repeat(10) + "\"ham\"]")),
                Arguments.of("a thousand toppings", valid("toppings", "[" + "\"ham\",".repeat(999) + "\"ham\"]")),
                Arguments.of("overlong topping", valid("toppings", "[\"" + "h".repeat(100) + "\"]")),
                Arguments.of("unknown place", valid("destination", "\"mars\"")),
                Arguments.of("empty place", valid("destination", "\"\"")),
                Arguments.of("coordinates in Milan", valid("destination", "{\"lat\":45.4642,\"lon\":9.19}")),
                Arguments.of("latitude beyond the pole", valid("destination", "{\"lat\":91,\"lon\":9.28}")),
                Arguments.of("longitude beyond the date line", valid("destination", "{\"lat\":45.62,\"lon\":181}")),
                Arguments.of("coordinates without lon", valid("destination", "{\"lat\":45.62}")),
                Arguments.of("coordinates as strings", valid("destination", "{\"lat\":\"45.62\",\"lon\":\"9.28\"}")),
                Arguments.of("coordinates with an extra field", valid("destination", "{\"lat\":45.62,\"lon\":9.28,\"alt\":1}")),
                Arguments.of("destination as a list", valid("destination", "[45.62, 9.28]")),
                Arguments.of("username with a bell", valid("username", "\"max\\u0007\"")),
                Arguments.of("username with a newline", valid("username", "\"max\\nverstappen\"")),
                Arguments.of("username with markup", valid("username", "\"<script>alert(1)</script>\"")),
                Arguments.of("username starting with a space", valid("username", "\" max\"")),
                Arguments.of("username sixty-five long", valid("username", "\"" + "m".repeat(65) + "\"")),
                Arguments.of("username with an emoji", valid("username", "\"max\uD83C\uDFCE\"")),
                Arguments.of("unknown field", "{\"username\":\"max\",\"size\":\"small\",\"order_type\":\"takeout\",\"coupon\":\"FREE\"}"),
                Arguments.of("duplicate key", "{\"username\":\"max\",\"username\":\"lando\",\"size\":\"small\",\"order_type\":\"takeout\"}"),
                Arguments.of("trailing garbage", "{\"username\":\"max\",\"size\":\"small\",\"order_type\":\"takeout\"} x"),
                Arguments.of("two objects", "{\"username\":\"max\"}{\"size\":\"small\"}"),
                Arguments.of("truncated", "{\"username\":\"max\",\"size\":"),
                Arguments.of("single quotes", "{'username':'max','size':'small','order_type':'takeout'}"),
                Arguments.of("a comment", "{/* hi */\"username\":\"max\",\"size\":\"small\",\"order_type\":\"takeout\"}"),
                Arguments.of("NaN literal", valid("destination", "{\"lat\":NaN,\"lon\":9.28}")),
                Arguments.of("empty body", ""),
                Arguments.of("whitespace body", "   "),
                Arguments.of("array body", "[]"),
                Arguments.of("string body", "\"one margherita\""),
                Arguments.of("number body", "42"),
                Arguments.of("null body", "null"),
                Arguments.of("deep nesting", valid("destination", "[".repeat(3000) + "]".repeat(3000))),
                Arguments.of("invalid UTF-8 escape", "{\"username\":\"\\uZZZZ\",\"size\":\"small\",\"order_type\":\"takeout\"}"),
                Arguments.of("body over 16 KB", valid("username", "\"" + "x".repeat(20_000) + "\""))
        ).forEach(cases::add);
        return cases.stream();
    }

    @Test
    void thereAreAtLeastSixtyDistinctMalformedRequests() {
        Set<String> bodies = new HashSet<>();
        malformed().forEach(a -> bodies.add((String) a.get()[1]));
        assertTrue(bodies.size() >= 60, "distinct malformed bodies: " + bodies.size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void aMalformedOrderGetsA4xxProblemAndNothingIsQueued(String why, String body) throws Exception {
        long before = ordersQueued(nats.url());
        HttpResponse<String> response = send(server.getURI(), "application/json", body);

        assertTrue(response.statusCode() >= 400 && response.statusCode() < 500, why + " → " + response.statusCode() + " " + response.body());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""), why);
        JsonNode problem = json.readTree(response.body());
        assertEquals(response.statusCode(), problem.get("status").asInt());
        assertTrue(!problem.path("detail").asText().isBlank(), why + " explains itself");
        assertEquals(before, ordersQueued(nats.url()), why + ": nothing may be queued");
    }

    @Test
    void theGatewayIsHealthyAfterwards() throws Exception {
        assertEquals(200, fetch(server.getURI(), "/healthz").statusCode());
        assertEquals(202, send(server.getURI(), "application/json", valid("toppings", "[\"ham\"]")).statusCode());
    }
}
