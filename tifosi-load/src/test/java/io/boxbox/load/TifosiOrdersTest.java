package io.boxbox.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxbox.pacchetto.json.JsonConventions;
import io.boxbox.pacchetto.menu.Catalogue;
import io.boxbox.pacchetto.menu.Menu;
import io.boxbox.pacchetto.menu.PaddockMap;
import io.boxbox.pacchetto.menu.Place;
import io.boxbox.pacchetto.menu.Till;
import io.boxbox.pacchetto.order.MenuItem;
import io.boxbox.pacchetto.order.Order;
import io.boxbox.pacchetto.order.OrderItem;
import io.boxbox.pacchetto.order.OrderType;
import io.boxbox.pacchetto.order.PizzaItem;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TifosiOrdersTest {

    private static final int ORDERS = 4000;
    private final ObjectMapper json = JsonConventions.apply(new ObjectMapper());
    private final Menu menu = new PaddockMap().menu();
    private final Catalogue catalogue = new Catalogue();

    @Test
    void theDefaultIsOnePizzaInTheSingleBodyReplayedFromItsSeed() throws Exception {
        TifosiOrders orders = new TifosiOrders(menu);
        TifosiOrders again = new TifosiOrders(menu);
        for (int i = 0; i < 500; i++) {
            String body = orders.requestJson(orders.next());
            assertEquals(body, again.requestJson(again.next()), "same seed, same orders");
            JsonNode node = json.readTree(body);
            assertTrue(node.has("size") && node.has("toppings") && node.has("border"), body);
            assertFalse(node.has("items"), body);
        }
        TifosiOrders otherSeed = new TifosiOrders(menu, OrderMix.ONE_PIZZA, TifosiOrders.randomFrom(8));
        List<String> first = bodies(new TifosiOrders(menu), 20);
        assertNotEquals(first, bodies(otherSeed, 20), "another seed, other orders");
    }

    @Test
    void thePaddockMixOrdersSeveralItemsSometimesWithinTheLimitsAndWithoutPrices() throws Exception {
        TifosiOrders orders = new TifosiOrders(menu, OrderMix.PADDOCK, TifosiOrders.randomFrom(7));
        int single = 0, onePizzaItems = 0, twoPizzas = 0, team = 0, drinksOnly = 0, dessert = 0, withDrink = 0;
        Set<String> deliveredTeamTo = new HashSet<>();
        for (int i = 0; i < ORDERS; i++) {
            TifosiOrders.TifosoOrder order = orders.next();
            String body = orders.requestJson(order);
            JsonNode node = json.readTree(body);
            assertFalse(body.contains("price") || body.contains("cents") || body.contains("bill"), body);
            assertWithinLimits(order, body);
            // every id is on the price list: the till throws on one that is not
            new Till(catalogue).bill(order.items(), OrderType.fromWireName(order.orderType()).orElseThrow());
            if (order.singlePizzaBody()) {
                single++;
                assertTrue(node.has("size") && !node.has("items"), body);
                continue;
            }
            assertTrue(node.has("items") && !node.has("size"), body);
            for (JsonNode item : node.get("items")) {
                String kind = item.get("kind").asText();
                assertTrue(kind.equals("pizza") ? item.has("size") && item.has("border") : kind.equals("item") && item.has("id"), body);
            }
            int pizzas = order.pizzas();
            boolean drinks = order.items().stream().anyMatch(isExtraOf(ids(catalogue.drinks())));
            boolean desserts = order.items().stream().anyMatch(isExtraOf(ids(catalogue.desserts())));
            if (pizzas >= 4) {
                team++;
                assertTrue(pizzas <= 8 && drinks, body);
                if (order.destination() instanceof Place place) {
                    deliveredTeamTo.add(place.id());
                }
            } else if (pizzas == 0 && !desserts) {
                drinksOnly++;
            } else if (pizzas == 0) {
                dessert++;
            } else {
                if (pizzas == 1) {
                    onePizzaItems++;
                } else {
                    twoPizzas++;
                }
                if (drinks) {
                    withDrink++;
                }
            }
        }
        // the shares of Baskets (30 / 50 / 8 / 6 / 6 %), give or take what 4,000 draws wobble
        assertShare("single-pizza body", single, 0.30);
        assertShare("one or two pizzas as items", onePizzaItems + twoPizzas, 0.50);
        assertShare("two pizzas among those", twoPizzas, 0.40 * 0.50);
        assertShare("with a drink among those", withDrink, 0.40 * 0.50);
        assertShare("drinks only", drinksOnly, 0.08);
        assertShare("dessert", dessert, 0.06);
        assertShare("garage team orders", team, 0.06);
        assertTrue(deliveredTeamTo.stream().allMatch(id -> id.endsWith("_garage")) && !deliveredTeamTo.isEmpty(),
                "a delivered team order goes to a garage: " + deliveredTeamTo);
    }

    @Test
    void onlyWhatTheMenuHasAvailableIsOrderedAndAnOldMenuFallsBackToTheCatalogue() {
        Menu soldOut = menu.withUnavailable(Set.of("birra_moretti", "chinotto", "tiramisu", "nduja"));
        TifosiOrders orders = new TifosiOrders(soldOut, OrderMix.PADDOCK, TifosiOrders.randomFrom(3));
        Set<String> ordered = new HashSet<>();
        IntStream.range(0, 2000).forEach(i -> ordered.addAll(names(orders.next().items())));
        assertTrue(ordered.stream().noneMatch(Set.of("birra_moretti", "chinotto", "tiramisu", "nduja")::contains), ordered.toString());
        assertTrue(ordered.containsAll(List.of("espresso", "gelato", "ham")), ordered.toString());

        Menu beforeDrinks = new Menu(menu.sizes(), menu.toppings(), menu.borders(), menu.orderTypes(), menu.maxToppings(),
                menu.pizzeria(), menu.servedRadiusKm(), menu.places(), null, null, null, null, null, 0, null, 0, 0, 0);
        TifosiOrders old = new TifosiOrders(beforeDrinks, OrderMix.PADDOCK, TifosiOrders.randomFrom(3));
        Set<String> fromOld = new HashSet<>();
        IntStream.range(0, 2000).forEach(i -> fromOld.addAll(names(old.next().items())));
        assertTrue(fromOld.containsAll(ids(catalogue.drinks())) && fromOld.containsAll(ids(catalogue.desserts())), fromOld.toString());
    }

    @Test
    void theQueuedMessageIsTheOrderWithItsItemsAndTheBill() throws Exception {
        TifosiOrders orders = new TifosiOrders(menu, OrderMix.PADDOCK, TifosiOrders.randomFrom(5));
        for (int i = 0; i < 200; i++) {
            TifosiOrders.TifosoOrder order = orders.next();
            Order queued = json.readValue(orders.queuedJson(order, "00000000-0000-0000-0000-000000000000", Instant.EPOCH), Order.class);
            assertEquals(order.items(), queued.items());
            assertEquals(order.pizzas(), queued.pizzas().size());
            OrderType type = OrderType.fromWireName(order.orderType()).orElseThrow();
            assertEquals(new Till(catalogue).bill(order.items(), type), queued.bill());
        }
    }

    private static void assertWithinLimits(TifosiOrders.TifosoOrder order, String body) {
        assertTrue(order.items().size() >= 1 && order.items().size() <= Order.MAX_ITEMS, body);
        assertTrue(order.items().stream().allMatch(i -> i.quantity() >= 1 && i.quantity() <= OrderItem.MAX_QUANTITY), body);
        assertTrue(order.pizzas() <= Order.MAX_PIZZAS, body);
        assertTrue(!order.singlePizzaBody() || order.items().size() == 1 && order.pizzas() == 1, body);
    }

    private static void assertShare(String what, int count, double expected) {
        double share = (double) count / ORDERS;
        assertTrue(Math.abs(share - expected) < 0.025, what + ": " + share + ", expected about " + expected);
    }

    private static Predicate<OrderItem> isExtraOf(List<String> ids) {
        return item -> item instanceof MenuItem extra && ids.contains(extra.id());
    }

    private static List<String> ids(List<io.boxbox.pacchetto.menu.Priced> priced) {
        return priced.stream().map(io.boxbox.pacchetto.menu.Priced::id).toList();
    }

    private static List<String> names(List<OrderItem> items) {
        List<String> names = new ArrayList<>();
        for (OrderItem item : items) {
            switch (item) {
                case PizzaItem pizza -> names.addAll(pizza.toppings());
                case MenuItem extra -> names.add(extra.id());
            }
        }
        return names;
    }

    private static List<String> bodies(TifosiOrders orders, int n) {
        return IntStream.range(0, n).mapToObj(i -> orders.requestJson(orders.next())).toList();
    }

}
