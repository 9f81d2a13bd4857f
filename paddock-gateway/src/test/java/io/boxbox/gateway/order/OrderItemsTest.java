package io.boxbox.gateway.order;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxbox.gateway.number.OrderNumbers;
import io.boxbox.pacchetto.menu.Catalogue;
import io.boxbox.pacchetto.order.Border;
import io.boxbox.pacchetto.order.OrderType;
import io.boxbox.pacchetto.order.PizzaSize;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.Stream;

import static io.boxbox.gateway.order.GatewayTestSupport.fetch;
import static io.boxbox.gateway.order.GatewayTestSupport.ordersQueued;
import static io.boxbox.gateway.order.GatewayTestSupport.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Orders of several items against a real JetStream: the bill from the menu's prices, the order
 * number in every view, lookup by number, the single-pizza shape still taken, and each malformed
 * list refused naming every wrong path with nothing queued.
 */
@MicronautTest
class OrderItemsTest extends GatewayOnPrivateNats {

    static final String FAMILY_ORDER = """
            {"username":"charles","order_type":"delivery","destination":"ferrari_garage","items":[
              {"kind":"pizza","size":"large","toppings":["tomato","mozzarella","basil"],"border":"none","quantity":2},
              {"kind":"pizza","size":"medium","toppings":["pepperoni"],"border":"cheddar"},
              {"kind":"item","id":"tiramisu","quantity":1},
              {"kind":"item","id":"chinotto","quantity":2}]}""";

    private final ObjectMapper json = new ObjectMapper();
    private final Catalogue catalogue = new Catalogue();

    @Inject
    EmbeddedServer server;

    @Inject
    OrderNumbers numbers;

    @Test
    void aMultiItemOrderIsBilledFromTheMenuAndNumbered() throws Exception {
        long before = ordersQueued(nats.url());
        HttpResponse<String> response = post(base(), FAMILY_ORDER, null);

        assertEquals(202, response.statusCode(), response.body());
        assertEquals(before + 1, ordersQueued(nats.url()));
        JsonNode accepted = json.readTree(response.body());
        int large = price(PizzaSize.LARGE, Border.NONE, "tomato", "mozzarella", "basil");
        int medium = price(PizzaSize.MEDIUM, Border.CHEDDAR, "pepperoni");
        int tiramisu = catalogue.extra("tiramisu").orElseThrow().priceCents();
        int chinotto = catalogue.extra("chinotto").orElseThrow().priceCents();
        int subtotal = 2 * large + medium + tiramisu + 2 * chinotto;
        int fee = catalogue.deliveryFeeCents(OrderType.DELIVERY);
        JsonNode bill = accepted.get("bill");
        assertEquals(subtotal, bill.get("subtotal_cents").asInt(), bill.toString());
        assertEquals(fee, bill.get("delivery_fee_cents").asInt());
        assertTrue(fee > 0, "a delivery pays the fee");
        assertEquals(subtotal + fee, bill.get("total_cents").asInt());
        assertEquals("EUR", bill.get("currency").asText());
        assertEquals(4, bill.get("lines").size());
        assertEquals(large, bill.at("/lines/0/unit_cents").asInt());
        assertEquals(2 * large, bill.at("/lines/0/total_cents").asInt());
        assertEquals(2 * chinotto, bill.at("/lines/3/total_cents").asInt());

        String number = accepted.get("order_number").asText();
        assertTrue(number.matches("BB-\\d{8}-\\d{4,}"), number);
        String orderId = accepted.get("order_id").asText();

        JsonNode snapshot = json.readTree(fetch(base(), "/v1/order/" + orderId).body());
        assertEquals(number, snapshot.get("order_number").asText());
        assertEquals(bill, snapshot.get("bill"), "the snapshot carries the same bill");
        assertEquals(4, snapshot.get("items").size());
        assertEquals(3, snapshot.get("pizzas").size(), "two large and one medium to bake");
        assertFalse(snapshot.has("size"), "no one-pizza fields on an order of three");

        JsonNode history = json.readTree(fetch(base(), "/v1/order/" + orderId + "/history").body());
        assertEquals(number, history.get("order_number").asText());
        assertEquals(number, history.at("/events/0/order_number").asText(), "each event names the order's number");
        assertFalse(history.at("/events/0").has("snapshot"));

        HttpResponse<String> byNumber = fetch(base(), "/v1/order/by-number/" + number);
        assertEquals(200, byNumber.statusCode(), byNumber.body());
        assertEquals(orderId, json.readTree(byNumber.body()).get("order_id").asText());
    }

    @Test
    void theSinglePizzaShapeIsStillAnOrderOfOnePizza() throws Exception {
        HttpResponse<String> response = post(base(), """
                {"username":"max","size":"small","toppings":["tomato","ham"],"border":"chocolate","order_type":"takeout"}""", null);

        assertEquals(202, response.statusCode(), response.body());
        JsonNode accepted = json.readTree(response.body());
        int pizza = price(PizzaSize.SMALL, Border.CHOCOLATE, "tomato", "ham");
        assertEquals(pizza, accepted.at("/bill/total_cents").asInt(), "takeout pays no delivery fee");
        assertEquals(0, accepted.at("/bill/delivery_fee_cents").asInt());
        JsonNode snapshot = json.readTree(fetch(base(), accepted.get("status_url").asText()).body());
        assertEquals("small", snapshot.get("size").asText());
        assertEquals(1, snapshot.get("items").size());
        assertEquals("pizza", snapshot.at("/items/0/kind").asText());
        assertEquals(1, snapshot.at("/items/0/quantity").asInt());
    }

    @Test
    void aRepeatWithTheSameKeyGetsTheSameNumberAndBill() throws Exception {
        JsonNode first = json.readTree(post(base(), FAMILY_ORDER.replace("charles", "kimi"), "k-items-1").body());
        HttpResponse<String> again = post(base(), FAMILY_ORDER.replace("charles", "kimi"), "k-items-1");
        assertEquals(202, again.statusCode(), again.body());
        JsonNode repeat = json.readTree(again.body());
        assertEquals(first.get("order_number"), repeat.get("order_number"));
        assertEquals(first.get("bill"), repeat.get("bill"));
        // and it drew no number: the next order gets the very next one
        JsonNode next = json.readTree(post(base(), FAMILY_ORDER.replace("charles", "kimi"), "k-items-2").body());
        assertEquals(count(first) + 1, count(next), first.get("order_number") + " then " + next.get("order_number"));
    }

    @Test
    void lookingUpByNumber() throws Exception {
        HttpResponse<String> unknown = fetch(base(), "/v1/order/by-number/BB-19990101-0001");
        assertEquals(404, unknown.statusCode());
        assertEquals("application/problem+json", unknown.headers().firstValue("Content-Type").orElse(""));
        assertTrue(json.readTree(unknown.body()).get("detail").asText().contains("BB-19990101-0001"), unknown.body());

        HttpResponse<String> malformed = fetch(base(), "/v1/order/by-number/42");
        assertEquals(400, malformed.statusCode(), malformed.body());
        assertEquals("order_number", json.readTree(malformed.body()).at("/errors/0/field").asText());
    }

    @Test
    void aNumberWhoseOrderNeverReachedTheQueueIsAGap() throws Exception {
        // What placing does before a publish that then fails: the number is drawn, the order never queued.
        String gap = numbers.issue(java.util.UUID.randomUUID().toString());
        HttpResponse<String> response = fetch(base(), "/v1/order/by-number/" + gap);
        assertEquals(404, response.statusCode(), response.body());
        assertTrue(json.readTree(response.body()).get("detail").asText().contains("gap"), response.body());
    }

    @Test
    void aNumberDrawnForARepeatDoesNotFindTheOrderThatKeptItsFirstNumber() throws Exception {
        JsonNode first = json.readTree(post(base(), FAMILY_ORDER.replace("charles", "mika"), "k-items-gap").body());
        // What a repeat does when another draw came after its own: its number stays a gap, and the
        // index written beside the claim names the repeated order's id.
        String drawnForTheRepeat = numbers.draw();
        numbers.draw();
        numbers.index(drawnForTheRepeat, first.get("order_id").asText());
        HttpResponse<String> response = fetch(base(), "/v1/order/by-number/" + drawnForTheRepeat);
        assertEquals(404, response.statusCode(), response.body());
        HttpResponse<String> kept = fetch(base(), "/v1/order/by-number/" + first.get("order_number").asText());
        assertEquals(200, kept.statusCode(), kept.body());
    }

    static Stream<Arguments> badItems() {
        String pizza = "{\"kind\":\"pizza\",\"size\":\"small\"}";
        return Stream.of(
                Arguments.of("no items", items(""), 422, List.of("items")),
                Arguments.of("21 items", items(String.join(",", java.util.Collections.nCopies(21, pizza))), 422, List.of("items")),
                Arguments.of("quantity 0", items("{\"kind\":\"item\",\"id\":\"tiramisu\",\"quantity\":0}"), 422, List.of("items[0].quantity")),
                Arguments.of("quantity -1", items(pizza + ",{\"kind\":\"pizza\",\"size\":\"small\",\"quantity\":-1}"), 422, List.of("items[1].quantity")),
                Arguments.of("quantity 11", items("{\"kind\":\"pizza\",\"size\":\"small\",\"quantity\":11}"), 422, List.of("items[0].quantity")),
                Arguments.of("quantity 1e9", items("{\"kind\":\"pizza\",\"size\":\"small\",\"quantity\":1e9}"), 400, List.of("items[0].quantity")),
                Arguments.of("quantity 1.5", items("{\"kind\":\"pizza\",\"size\":\"small\",\"quantity\":1.5}"), 400, List.of("items[0].quantity")),
                Arguments.of("quantity two", items("{\"kind\":\"pizza\",\"size\":\"small\",\"quantity\":\"two\"}"), 400, List.of("items[0].quantity")),
                Arguments.of("quantity a billion billions", items("{\"kind\":\"pizza\",\"size\":\"small\",\"quantity\":1000000000000000000000}"), 400, List.of("items[0].quantity")),
                Arguments.of("unknown item id", items(pizza + ",{\"kind\":\"item\",\"id\":\"caviar\"}"), 422, List.of("items[1].id")),
                Arguments.of("unknown topping in items[2]", items(pizza + "," + pizza + ",{\"kind\":\"pizza\",\"size\":\"large\",\"toppings\":[\"unicorn\",\"ham\"]}"), 422, List.of("items[2].toppings[0]")),
                Arguments.of("price sent by the client", items("{\"kind\":\"pizza\",\"size\":\"small\",\"price_cents\":1}"), 422, List.of("items[0].price_cents")),
                Arguments.of("a total at the top", "{\"username\":\"max\",\"order_type\":\"takeout\",\"total_cents\":100,\"items\":[" + pizza + "]}", 422, List.of("total_cents")),
                Arguments.of("a bill at the top", "{\"username\":\"max\",\"order_type\":\"takeout\",\"bill\":{},\"items\":[" + pizza + "]}", 422, List.of("bill")),
                Arguments.of("a fee in the coordinates", "{\"username\":\"max\",\"order_type\":\"delivery\",\"destination\":{\"lat\":45.62,\"lon\":9.28,\"delivery_fee_cents\":0},\"items\":[" + pizza + "]}", 422, List.of("destination.delivery_fee_cents")),
                Arguments.of("31 pizzas", items(String.join(",", java.util.Collections.nCopies(4, "{\"kind\":\"pizza\",\"size\":\"small\",\"quantity\":8}"))), 422, List.of("items")),
                Arguments.of("unknown kind", items("{\"kind\":\"calzone\"}"), 422, List.of("items[0].kind")),
                Arguments.of("no kind", items("{\"size\":\"small\"}"), 422, List.of("items[0].kind")),
                Arguments.of("null item", items("null"), 422, List.of("items[0]")),
                Arguments.of("an id on a pizza", items("{\"kind\":\"pizza\",\"size\":\"small\",\"id\":\"tiramisu\"}"), 422, List.of("items[0].id")),
                Arguments.of("toppings on a dessert", items("{\"kind\":\"item\",\"id\":\"tiramisu\",\"toppings\":[\"ham\"]}"), 422, List.of("items[0].toppings")),
                Arguments.of("items and a top-level pizza", "{\"username\":\"max\",\"order_type\":\"takeout\",\"size\":\"small\",\"border\":\"none\",\"items\":[" + pizza + "]}", 422, List.of("size", "border")),
                Arguments.of("every mistake at once", "{\"username\":\" bad\",\"order_type\":\"drone\",\"items\":["
                        + "{\"kind\":\"pizza\",\"size\":\"huge\"},"
                        + "{\"kind\":\"pizza\",\"size\":\"small\",\"quantity\":0},"
                        + "{\"kind\":\"pizza\",\"size\":\"small\",\"toppings\":[\"unicorn\"],\"border\":\"gold\"},"
                        + "{\"kind\":\"item\",\"id\":\"caviar\"}]}", 422,
                        List.of("username", "order_type", "items[0].size", "items[1].quantity", "items[2].toppings[0]",
                                "items[2].border", "items[3].id")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badItems")
    void aBadListIsRefusedNamingEveryPathAndNothingIsQueued(String why, String body, int status, List<String> fields)
            throws Exception {
        long before = ordersQueued(nats.url());
        HttpResponse<String> response = post(base(), body, null);

        assertEquals(status, response.statusCode(), why + ": " + response.body());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""), why);
        List<String> named = json.readTree(response.body()).get("errors").findValuesAsText("field");
        assertTrue(named.containsAll(fields), why + " names " + fields + ": " + response.body());
        assertEquals(before, ordersQueued(nats.url()), why + ": nothing may be queued");
    }

    @Test
    void aPriceIsRefusedSayingWhereItComesFrom() throws Exception {
        HttpResponse<String> response = post(base(), items("{\"kind\":\"item\",\"id\":\"espresso\",\"unit_cents\":1}"), null);
        assertEquals(422, response.statusCode(), response.body());
        assertEquals("items[0].unit_cents: prices come from the menu; remove it",
                json.readTree(response.body()).at("/errors/0/field").asText() + ": "
                        + json.readTree(response.body()).at("/errors/0/message").asText());
    }

    @Test
    void theMenuHasPricesAndTheOldLists() throws Exception {
        JsonNode menu = json.readTree(fetch(base(), "/v1/menu").body());
        assertTrue(menu.get("sizes").toString().contains("medium"), "the plain lists stay");
        assertEquals(catalogue.size(PizzaSize.MEDIUM).priceCents(), menu.at("/pizza_sizes/1/price_cents").asInt(), menu.toString());
        assertTrue(menu.get("desserts").findValuesAsText("id").contains("tiramisu"));
        assertTrue(menu.at("/drinks/0/available").asBoolean());
        assertEquals(catalogue.deliveryFeeCents(OrderType.DELIVERY), menu.get("delivery_fee_cents").asInt());
        assertEquals(20, menu.get("max_items").asInt());
        assertEquals(10, menu.get("max_quantity").asInt());
        assertEquals(30, menu.get("max_pizzas").asInt());
        assertEquals("EUR", menu.get("currency").asText());
    }

    @Test
    void theOpenApiDocumentDescribesItemsBillsAndNumbers() throws Exception {
        String spec = fetch(base(), "/swagger/paddock-gateway.yml").body();
        for (String expected : List.of("OrderLine", "items:", "order_number", "Bill:", "unit_cents", "/v1/order/by-number/{orderNumber}",
                "pizza_toppings", "max_pizzas")) {
            assertTrue(spec.contains(expected), "the document has " + expected);
        }
    }

    private int price(PizzaSize size, Border border, String... toppings) {
        int cents = catalogue.size(size).priceCents() + catalogue.border(border).priceCents();
        for (String topping : toppings) {
            cents += catalogue.topping(topping).orElseThrow().priceCents();
        }
        return cents;
    }

    private static long count(JsonNode accepted) {
        String number = accepted.get("order_number").asText();
        return Long.parseLong(number.substring(number.lastIndexOf('-') + 1));
    }

    private static String items(String entries) {
        return "{\"username\":\"max\",\"order_type\":\"takeout\",\"items\":[" + entries + "]}";
    }

    private URI base() {
        return server.getURI();
    }
}
