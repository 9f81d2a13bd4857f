package io.boxbox.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxbox.pacchetto.json.JsonConventions;
import io.boxbox.pacchetto.menu.Catalogue;
import io.boxbox.pacchetto.menu.Menu;
import io.boxbox.pacchetto.menu.PaddockMap;
import io.boxbox.pacchetto.menu.Place;
import io.boxbox.pacchetto.menu.Till;
import io.boxbox.pacchetto.order.Destination;
import io.boxbox.pacchetto.order.MenuItem;
import io.boxbox.pacchetto.order.Order;
import io.boxbox.pacchetto.order.OrderItem;
import io.boxbox.pacchetto.order.OrderType;
import io.boxbox.pacchetto.order.PizzaItem;
import io.boxbox.pacchetto.sim.RandomSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Realistic orders from the paddock, the same mix as {@code script.js}: what is in them comes from
 * {@link Baskets} under an {@link OrderMix} (by default {@link OrderMix#ONE_PIZZA}: a random size,
 * 0–4 toppings and a border in the single-pizza body); about 75 % deliveries (to a place on the
 * map, or one time in five to raw coordinates within ~600 m of the pizzeria), 15 % takeout, 10 %
 * dine-in. A garage team order that is delivered goes to a garage when the map has one.
 *
 * <p>Usernames are spread widely ({@code tifoso-<n>}, now and then a team member; a team order
 * always comes from the team), so that a per-user rate limit in the gateway would not turn a load
 * run into a run of 429s.
 *
 * <p>Every draw comes from one seeded generator, so the same seed and mix give the same orders in
 * the same sequence. {@link #next()} is synchronised: callers on several threads share it.
 */
public final class TifosiOrders {

    /** The seed of the constructors that take none; {@code ./boxbox chaos} passes its own {@code --seed}. */
    public static final long DEFAULT_SEED = 7;

    /** The Scuderia's drivers, engineers and team principal; one order in ten comes from them. */
    private static final List<String> TEAM = List.of(
            "charles", "lewis", "carlos", "fred", "jerome", "loic", "riccardo", "bryan",
            "antonio", "oliver", "matteo", "xavier", "jock", "kimi", "seb", "michael");
    private static final int TIFOSI = 100_000;
    private static final double NEARBY_KM = 0.6;
    private static final double KM_PER_DEGREE_LAT = 111.32;

    private final Menu menu;
    private final OrderMix mix;
    private final Baskets baskets;
    private final List<Place> garages;
    private final RandomGenerator random;
    private final Till till = new Till(new Catalogue());
    private final ObjectMapper json = JsonConventions.apply(new ObjectMapper());

    /** One-pizza orders from {@link #DEFAULT_SEED}: what the bench and the chaos run have always sent. */
    public TifosiOrders(Menu menu) {
        this(menu, OrderMix.ONE_PIZZA, randomFrom(DEFAULT_SEED));
    }

    public TifosiOrders(Menu menu, OrderMix mix, RandomGenerator random) {
        this.menu = menu;
        this.mix = mix;
        this.baskets = new Baskets(menu);
        this.garages = menu.places().stream().filter(p -> p.id().endsWith("_garage")).toList();
        this.random = random;
    }

    /** The load's own stream of {@code seed} (independent of the kitchen's streams of the same seed). */
    public static RandomGenerator randomFrom(long seed) {
        return new RandomSource(seed).stream("tifosi-orders");
    }

    /** {@link #fromGateway(URI, OrderMix, RandomGenerator)} with one-pizza orders from {@link #DEFAULT_SEED}. */
    public static TifosiOrders fromGateway(URI gateway) {
        return fromGateway(gateway, OrderMix.ONE_PIZZA, randomFrom(DEFAULT_SEED));
    }

    /**
     * The gateway's menu, or the built-in paddock map when it cannot be read (like the k6 script,
     * which falls back to its own copy rather than not running at all).
     */
    public static TifosiOrders fromGateway(URI gateway, OrderMix mix, RandomGenerator random) {
        HttpRequest request = HttpRequest.newBuilder(gateway.resolve("/v1/menu")).timeout(Duration.ofSeconds(5)).build();
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() == 200) {
                Menu menu = JsonConventions.apply(new ObjectMapper()).readValue(response.body(), Menu.class);
                return new TifosiOrders(menu, mix, random);
            }
        } catch (IOException e) {
            // the run goes on with the built-in menu; the gateway's own answers will show what is wrong
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new TifosiOrders(new PaddockMap().menu(), mix, random);
    }

    public OrderMix mix() {
        return mix;
    }

    /** One order as a team member or a tifoso would send it. */
    public synchronized TifosoOrder next() {
        Baskets.Basket basket = baskets.draw(mix, random);
        boolean team = basket.kind() == Baskets.Kind.TEAM;
        String username = team || random.nextInt(10) == 0
                ? Baskets.pick(TEAM, random)
                : "tifoso-" + (1 + random.nextInt(TIFOSI));
        String orderType = orderType();
        Object destination = null;
        if (orderType.equals("delivery")) {
            List<Place> places = team && !garages.isEmpty() ? garages : menu.places();
            destination = !places.isEmpty() && (team || random.nextDouble() < 0.8)
                    ? Baskets.pick(places, random)
                    : nearbyPizzeria();
        }
        return new TifosoOrder(username, basket.items(), basket.singlePizzaBody(), orderType, destination);
    }

    /** The body of {@code POST /v1/order}: the single-pizza shape or {@code items}; never a price. */
    public String requestJson(TifosoOrder order) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("username", order.username());
        if (order.singlePizzaBody()) {
            PizzaItem pizza = (PizzaItem) order.items().getFirst();
            body.put("size", pizza.size().wireName());
            body.put("toppings", pizza.toppings());
            body.put("border", pizza.border().wireName());
        } else {
            body.put("items", order.items().stream().map(TifosiOrders::itemJson).toList());
        }
        body.put("order_type", order.orderType());
        switch (order.destination()) {
            case Place place -> body.put("destination", place.id());
            case Destination point -> body.put("destination", Map.of("lat", point.lat(), "lon", point.lon()));
            case null -> { }
            default -> throw new IllegalStateException("unexpected destination " + order.destination());
        }
        return write(body);
    }

    private static Map<String, Object> itemJson(OrderItem item) {
        Map<String, Object> line = new LinkedHashMap<>();
        switch (item) {
            case PizzaItem pizza -> {
                line.put("kind", "pizza");
                line.put("size", pizza.size().wireName());
                line.put("toppings", pizza.toppings());
                line.put("border", pizza.border().wireName());
            }
            case MenuItem extra -> {
                line.put("kind", "item");
                line.put("id", extra.id());
            }
        }
        line.put("quantity", item.quantity());
        return line;
    }

    /**
     * The message the gateway puts on the {@code ORDERS} queue for this order once it is accepted:
     * the same record, resolved the same way, billed from the same price list and serialised with
     * the same JSON conventions. The order number is left out: the gateway issues those.
     */
    public byte[] queuedJson(TifosoOrder order, String orderId, Instant orderedAt) {
        Destination destination = switch (order.destination()) {
            case Place place -> new Destination(place.id(), place.name(), place.lat(), place.lon());
            case Destination point -> point;
            case null -> null;
            default -> throw new IllegalStateException("unexpected destination " + order.destination());
        };
        OrderType type = OrderType.fromWireName(order.orderType()).orElseThrow();
        Order queued = new Order(orderId, null, order.username(), order.items(), type, destination, orderedAt,
                till.bill(order.items(), type));
        try {
            return json.writeValueAsBytes(queued);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String orderType() {
        double roll = random.nextDouble();
        String wanted = roll < 0.75 ? "delivery" : roll < 0.90 ? "takeout" : "dine_in";
        return menu.orderTypes().contains(wanted) ? wanted : Baskets.pick(menu.orderTypes(), random);
    }

    /** Raw coordinates within {@link #NEARBY_KM} of the pizzeria, well inside the served area. */
    private Destination nearbyPizzeria() {
        Place pizzeria = menu.pizzeria();
        double distanceKm = NEARBY_KM * Math.sqrt(random.nextDouble());
        double bearing = random.nextDouble(2 * Math.PI);
        double lat = pizzeria.lat() + distanceKm * Math.cos(bearing) / KM_PER_DEGREE_LAT;
        double lon = pizzeria.lon() + distanceKm * Math.sin(bearing)
                / (KM_PER_DEGREE_LAT * Math.cos(Math.toRadians(pizzeria.lat())));
        return new Destination(null, null, round(lat), round(lon));
    }

    private static double round(double degrees) {
        return Math.round(degrees * 1e6) / 1e6;
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * An order before the gateway saw it; {@code destination} is a {@link Place}, a {@link Destination}
     * point or null. {@code singlePizzaBody}: sent as the one-pizza body of before items (then
     * {@code items} is exactly one pizza, quantity 1).
     */
    public record TifosoOrder(String username, List<OrderItem> items, boolean singlePizzaBody, String orderType,
                              Object destination) {

        public TifosoOrder {
            items = List.copyOf(items);
        }

        /** Pizzas to bake (the sum of the pizza lines' quantities). */
        public int pizzas() {
            return items.stream().filter(PizzaItem.class::isInstance).mapToInt(OrderItem::quantity).sum();
        }
    }
}
