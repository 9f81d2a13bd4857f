package io.boxbox.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxbox.pacchetto.json.JsonConventions;
import io.boxbox.pacchetto.menu.Menu;
import io.boxbox.pacchetto.menu.PaddockMap;
import io.boxbox.pacchetto.menu.Place;
import io.boxbox.pacchetto.order.Border;
import io.boxbox.pacchetto.order.Destination;
import io.boxbox.pacchetto.order.Order;
import io.boxbox.pacchetto.order.OrderType;
import io.boxbox.pacchetto.order.PizzaSize;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Realistic orders from the paddock, the same mix as {@code script.js}: a random size, 0–4
 * toppings and a border; about 75 % deliveries (to a place on the map, or one time in five to raw
 * coordinates within ~600 m of the pizzeria), 15 % takeout, 10 % dine-in.
 *
 * <p>Usernames are spread widely ({@code tifoso-<n>}, now and then a team member), so that a
 * per-user rate limit in the gateway would not turn a load run into a run of 429s.
 */
public final class TifosiOrders {

    /** The Scuderia's drivers, engineers and team principal; one order in ten comes from them. */
    private static final List<String> TEAM = List.of(
            "charles", "lewis", "carlos", "fred", "jerome", "loic", "riccardo", "bryan",
            "antonio", "oliver", "matteo", "xavier", "jock", "kimi", "seb", "michael");
    private static final int TIFOSI = 100_000;
    private static final double NEARBY_KM = 0.6;
    private static final double KM_PER_DEGREE_LAT = 111.32;

    private final Menu menu;
    private final ObjectMapper json = JsonConventions.apply(new ObjectMapper());

    public TifosiOrders(Menu menu) {
        this.menu = menu;
    }

    /**
     * The gateway's menu, or the built-in paddock map when it cannot be read (like the k6 script,
     * which falls back to its own copy rather than not running at all).
     */
    public static TifosiOrders fromGateway(URI gateway) {
        HttpRequest request = HttpRequest.newBuilder(gateway.resolve("/v1/menu")).timeout(Duration.ofSeconds(5)).build();
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() == 200) {
                return new TifosiOrders(JsonConventions.apply(new ObjectMapper()).readValue(response.body(), Menu.class));
            }
        } catch (IOException e) {
            // the run goes on with the built-in menu; the gateway's own answers will show what is wrong
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new TifosiOrders(new PaddockMap().menu());
    }

    /** One order as a team member or a tifoso would send it. */
    public TifosoOrder next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String username = random.nextInt(10) == 0
                ? pick(TEAM, random)
                : "tifoso-" + (1 + random.nextInt(TIFOSI));
        int toppingCount = random.nextInt(Math.min(4, menu.maxToppings()) + 1);
        List<String> toppings = new ArrayList<>(menu.toppings());
        java.util.Collections.shuffle(toppings, random);
        String orderType = orderType(random);
        Object destination = null;
        if (orderType.equals("delivery")) {
            destination = !menu.places().isEmpty() && random.nextDouble() < 0.8
                    ? pick(menu.places(), random)
                    : nearbyPizzeria(random);
        }
        return new TifosoOrder(username, pick(menu.sizes(), random), List.copyOf(toppings.subList(0, toppingCount)),
                pick(menu.borders(), random), orderType, destination);
    }

    /** The body of {@code POST /v1/order}. */
    public String requestJson(TifosoOrder order) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("username", order.username());
        body.put("size", order.size());
        body.put("toppings", order.toppings());
        body.put("border", order.border());
        body.put("order_type", order.orderType());
        switch (order.destination()) {
            case Place place -> body.put("destination", place.id());
            case Destination point -> body.put("destination", Map.of("lat", point.lat(), "lon", point.lon()));
            case null -> { }
            default -> throw new IllegalStateException("unexpected destination " + order.destination());
        }
        return write(body);
    }

    /**
     * The message the gateway puts on the {@code ORDERS} queue for this order once it is accepted:
     * the same record, resolved the same way, serialised with the same JSON conventions.
     */
    public byte[] queuedJson(TifosoOrder order, String orderId, Instant orderedAt) {
        Destination destination = switch (order.destination()) {
            case Place place -> new Destination(place.id(), place.name(), place.lat(), place.lon());
            case Destination point -> point;
            case null -> null;
            default -> throw new IllegalStateException("unexpected destination " + order.destination());
        };
        Order queued = new Order(orderId, order.username(), PizzaSize.fromWireName(order.size()).orElseThrow(),
                order.toppings(), Border.fromWireName(order.border()).orElseThrow(),
                OrderType.fromWireName(order.orderType()).orElseThrow(), destination, orderedAt);
        try {
            return json.writeValueAsBytes(queued);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String orderType(ThreadLocalRandom random) {
        double roll = random.nextDouble();
        String wanted = roll < 0.75 ? "delivery" : roll < 0.90 ? "takeout" : "dine_in";
        return menu.orderTypes().contains(wanted) ? wanted : pick(menu.orderTypes(), random);
    }

    /** Raw coordinates within {@link #NEARBY_KM} of the pizzeria, well inside the served area. */
    private Destination nearbyPizzeria(ThreadLocalRandom random) {
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

    private static <T> T pick(List<T> items, ThreadLocalRandom random) {
        return items.get(random.nextInt(items.size()));
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An order before the gateway saw it; {@code destination} is a {@link Place}, a {@link Destination} point or null. */
    public record TifosoOrder(String username, String size, List<String> toppings, String border, String orderType,
                              Object destination) {
    }
}
