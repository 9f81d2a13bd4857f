package io.boxbox.gateway.order;

import com.fasterxml.jackson.databind.JsonNode;
import io.boxbox.gateway.pantry.StockCheck;
import io.boxbox.gateway.problem.FieldErrors;
import io.boxbox.gateway.problem.FieldPaths;
import io.boxbox.pacchetto.menu.Catalogue;
import io.boxbox.pacchetto.menu.Till;
import io.boxbox.pacchetto.order.MenuItem;
import io.boxbox.pacchetto.order.OrderItem;
import io.boxbox.pacchetto.order.PizzaItem;
import jakarta.validation.Validator;
import io.boxbox.pacchetto.menu.PaddockMap;
import io.boxbox.pacchetto.menu.Place;
import io.boxbox.pacchetto.order.Border;
import io.boxbox.pacchetto.order.Destination;
import io.boxbox.pacchetto.order.GeoPoint;
import io.boxbox.pacchetto.order.Order;
import io.boxbox.pacchetto.order.OrderType;
import io.boxbox.pacchetto.order.PizzaSize;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Checks a well-shaped request against what the kitchen can really do — items on the menu
 * (sizes, toppings, borders, drinks, desserts) in sensible quantities, a destination on the map —
 * and turns it into an {@link Order} billed by the {@link Till}. Every problem is reported at
 * once, by field path ({@code items[2].toppings[0]}), so a person fixes the order in one go.
 */
@Singleton
public class OrderValidator {

    private final PaddockMap map;
    private final Catalogue catalogue;
    private final Till till;
    private final Validator beans;
    private final StockCheck stock;

    public OrderValidator(PaddockMap map, Catalogue catalogue, Till till, Validator beans, StockCheck stock) {
        this.stock = stock;
        this.map = map;
        this.catalogue = catalogue;
        this.till = till;
        this.beans = beans;
    }

    /** The order as accepted: its items, its bill, no number yet (that comes with placing it). */
    public Order toOrder(OrderRequest request, String orderId, Instant orderedAt) {
        FieldErrors errors = new FieldErrors();
        beans.validate(request).stream()
                .sorted(Comparator.comparing(FieldPaths::of))
                .forEach(v -> errors.reject(FieldPaths.of(v), v.getMessage()));
        List<OrderItem> items = items(request, errors);
        Optional<OrderType> type = OrderType.fromWireName(request.orderType());
        if (request.orderType() == null || request.orderType().isBlank()) {
            errors.reject("order_type", "is required: delivery, takeout or dine_in");
        } else if (type.isEmpty()) {
            errors.reject("order_type", "'" + abbreviate(request.orderType()) + "' is not a way we serve; choose delivery, takeout or dine_in");
        }
        Destination destination = null;
        if (type.isPresent() && type.get() == OrderType.DELIVERY) {
            destination = destination(request.destination(), errors);
        }
        errors.throwIfAny();
        return stock.passed(new Order(orderId, null, request.username(), items, type.orElseThrow(), destination, orderedAt,
                till.bill(items, type.orElseThrow())), request.items() == null);
    }

    /** The request's items, or its single pizza (the shape before items) as an order of one. */
    private List<OrderItem> items(OrderRequest request, FieldErrors errors) {
        if (request.items() == null) {
            if (request.size() == null) {
                errors.reject("items", "is required: 1 to " + Order.MAX_ITEMS + " items (or, for one pizza, its size,"
                        + " toppings and border at the top level)");
                return List.of();
            }
            PizzaItem pizza = pizza("", request.size(), request.toppings(), request.border(), 1, errors);
            return pizza == null ? List.of() : List.of(pizza);
        }
        rejectPizzaFields("", request.size(), request.toppings(), request.border(), errors,
                "send either items or a single pizza's size, toppings and border, not both; put it in the pizza's entry of items");
        List<OrderLine> lines = request.items();
        if (lines.isEmpty() || lines.size() > Order.MAX_ITEMS) {
            errors.reject("items", "must hold 1 to " + Order.MAX_ITEMS + " items (this has " + lines.size()
                    + "); a bigger party calls the restaurant");
            return List.of();
        }
        List<OrderItem> items = new ArrayList<>(lines.size());
        int pizzas = 0;
        for (int i = 0; i < lines.size(); i++) {
            OrderItem item = item("items[" + i + "]", lines.get(i), errors);
            if (item instanceof PizzaItem pizza) {
                pizzas += pizza.quantity();
            }
            items.add(item);
        }
        if (pizzas > Order.MAX_PIZZAS) {
            errors.reject("items", "at most " + Order.MAX_PIZZAS + " pizzas in one order (this has " + pizzas
                    + "); a bigger party calls the restaurant");
        }
        return items;
    }

    /** One entry of items; null (with its errors recorded) when it cannot be made. */
    private OrderItem item(String at, OrderLine line, FieldErrors errors) {
        if (line == null) {
            errors.reject(at, "must be an item: {\"kind\": \"pizza\", ...} or {\"kind\": \"item\", \"id\": ..}");
            return null;
        }
        Integer quantity = quantity(at, line.quantity(), errors);
        if (line.kind() == null) {
            errors.reject(at + ".kind", "is required: pizza (size, toppings, border) or item (a drink or dessert id)");
            return null;
        }
        switch (line.kind()) {
            case OrderLine.PIZZA -> {
                if (line.id() != null) {
                    errors.reject(at + ".id", "a pizza has no id: it is its size, toppings and border");
                }
                if (line.size() == null) {
                    errors.reject(at + ".size", "is required: small, medium or large");
                    return null;
                }
                return pizza(at + ".", line.size(), line.toppings(), line.border(), quantity, errors);
            }
            case OrderLine.ITEM -> {
                rejectPizzaFields(at + ".", line.size(), line.toppings(), line.border(), errors,
                        "a drink or dessert has only an id and a quantity; a pizza is {\"kind\": \"pizza\", ...}");
                if (line.id() == null || line.id().isBlank()) {
                    errors.reject(at + ".id", "is required: a drink or dessert id from GET /v1/menu");
                    return null;
                }
                if (catalogue.extra(line.id()).isEmpty()) {
                    errors.reject(at + ".id", "'" + abbreviate(line.id()) + "' is not on the menu; see drinks and"
                            + " desserts in GET /v1/menu");
                    return null;
                }
                return quantity == null ? null : new MenuItem(line.id(), quantity);
            }
            default -> {
                errors.reject(at + ".kind", "'" + abbreviate(line.kind()) + "' is not a kind of item; choose pizza or item");
                return null;
            }
        }
    }

    /** Names each pizza field that is present where it does not belong. */
    private static void rejectPizzaFields(String at, String size, List<String> toppings, String border,
                                          FieldErrors errors, String message) {
        if (size != null) {
            errors.reject(at + "size", message);
        }
        if (toppings != null) {
            errors.reject(at + "toppings", message);
        }
        if (border != null) {
            errors.reject(at + "border", message);
        }
    }

    /** 1 when absent; null (rejected) outside 1..MAX_QUANTITY. */
    private static Integer quantity(String at, Integer quantity, FieldErrors errors) {
        if (quantity == null) {
            return 1;
        }
        if (quantity < 1 || quantity > OrderItem.MAX_QUANTITY) {
            errors.reject(at + ".quantity", "must be 1 to " + OrderItem.MAX_QUANTITY + " (was " + quantity
                    + "); a bigger party calls the restaurant");
            return null;
        }
        return quantity;
    }

    /**
     * A pizza from its fields; {@code at} is the path prefix of its fields ({@code ""} for the
     * single-pizza shape, {@code items[2].} in items). Null when anything about it is wrong.
     */
    private PizzaItem pizza(String at, String sizeName, List<String> toppingNames, String borderName, Integer quantity,
                            FieldErrors errors) {
        boolean ok = quantity != null;
        Optional<PizzaSize> size = PizzaSize.fromWireName(sizeName);
        if (size.isEmpty()) {
            errors.reject(at + "size", sizeName == null || sizeName.isBlank() ? "is required: small, medium or large"
                    : "'" + abbreviate(sizeName) + "' is not a size we bake; choose small, medium or large");
            ok = false;
        }
        List<String> toppings = toppingNames == null ? List.of() : toppingNames;
        if (toppings.size() > PaddockMap.MAX_TOPPINGS) {
            errors.reject(at + "toppings", "at most " + PaddockMap.MAX_TOPPINGS + " toppings on one pizza (this has "
                    + toppings.size() + ")");
            ok = false;
        } else {
            for (int i = 0; i < toppings.size(); i++) {
                String topping = toppings.get(i);
                if (topping == null || !catalogue.isTopping(topping)) {
                    errors.reject(at + "toppings[" + i + "]", (topping == null ? "null" : "'" + abbreviate(topping) + "'")
                            + " is not on the menu; see pizza_toppings in GET /v1/menu");
                    ok = false;
                }
            }
        }
        Optional<Border> border = borderName == null ? Optional.of(Border.NONE) : Border.fromWireName(borderName);
        if (border.isEmpty()) {
            errors.reject(at + "border", "'" + abbreviate(borderName) + "' is not a border we make; choose none,"
                    + " cream_cheese, cheddar or chocolate");
            ok = false;
        }
        return ok ? new PizzaItem(size.get(), toppings, border.get(), quantity) : null;
    }

    private Destination destination(JsonNode node, FieldErrors errors) {
        if (node == null || node.isNull()) {
            errors.reject("destination", "is required for a delivery: a place id from GET /v1/menu or {\"lat\": .., \"lon\": ..}");
            return null;
        }
        if (node.isTextual()) {
            Optional<Place> place = map.place(node.textValue());
            if (place.isEmpty()) {
                errors.reject("destination", "'" + abbreviate(node.textValue()) + "' is not a place on the paddock map; see places in GET /v1/menu");
                return null;
            }
            return new Destination(place.get().id(), place.get().name(), place.get().lat(), place.get().lon());
        }
        if (node.isObject()) {
            return coordinates(node, errors);
        }
        errors.reject("destination", "must be a place id (string) or an object {\"lat\": .., \"lon\": ..}");
        return null;
    }

    private Destination coordinates(JsonNode node, FieldErrors errors) {
        JsonNode lat = node.get("lat");
        JsonNode lon = node.get("lon");
        boolean ok = true;
        if (lat == null || !lat.isNumber() || !Double.isFinite(lat.doubleValue()) || Math.abs(lat.doubleValue()) > 90) {
            errors.reject("destination.lat", "must be a latitude in degrees between -90 and 90");
            ok = false;
        }
        if (lon == null || !lon.isNumber() || !Double.isFinite(lon.doubleValue()) || Math.abs(lon.doubleValue()) > 180) {
            errors.reject("destination.lon", "must be a longitude in degrees between -180 and 180");
            ok = false;
        }
        for (String field : (Iterable<String>) node::fieldNames) {
            if (!field.equals("lat") && !field.equals("lon")) {
                errors.reject("destination." + field, ClientPrices.isPriceLike(field) ? ClientPrices.REFUSAL
                        : "unknown field: coordinates take exactly two fields, lat and lon");
                ok = false;
            }
        }
        if (!ok) {
            return null;
        }
        GeoPoint point = new GeoPoint(lat.doubleValue(), lon.doubleValue());
        if (!map.isServed(point)) {
            errors.reject("destination", "outside the area we deliver to (" + PaddockMap.SERVED_RADIUS_KM
                    + " km around the paddock); pick a place from GET /v1/menu");
            return null;
        }
        return new Destination(null, null, point.lat(), point.lon());
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }
}
