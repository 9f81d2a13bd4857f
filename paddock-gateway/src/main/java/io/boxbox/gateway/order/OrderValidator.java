package io.boxbox.gateway.order;

import com.fasterxml.jackson.databind.JsonNode;
import io.boxbox.gateway.pantry.StockCheck;
import io.boxbox.gateway.problem.FieldErrors;
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
import java.util.List;
import java.util.Optional;

/**
 * Checks a well-shaped request against what the kitchen can really do — sizes, toppings and
 * borders on the menu, a destination on the map — and turns it into an {@link Order}. Every
 * problem is reported at once, by field, so a person fixes the order in one go.
 */
@Singleton
public class OrderValidator {

    private final PaddockMap map;
    private final StockCheck stock;

    public OrderValidator(PaddockMap map, StockCheck stock) {
        this.map = map;
        this.stock = stock;
    }

    public Order toOrder(OrderRequest request, String orderId, Instant orderedAt) {
        FieldErrors errors = new FieldErrors();
        Optional<PizzaSize> size = PizzaSize.fromWireName(request.size());
        if (size.isEmpty()) {
            errors.reject("size", "'" + request.size() + "' is not a size we bake; choose small, medium or large");
        }
        List<String> toppings = request.toppings() == null ? List.of() : request.toppings();
        for (int i = 0; i < toppings.size(); i++) {
            if (!map.isTopping(toppings.get(i))) {
                errors.reject("toppings[" + i + "]", "'" + toppings.get(i) + "' is not on the menu; see GET /v1/menu");
            }
        }
        Optional<Border> border = request.border() == null ? Optional.of(Border.NONE) : Border.fromWireName(request.border());
        if (border.isEmpty()) {
            errors.reject("border", "'" + request.border() + "' is not a border we make; choose none, cream_cheese, cheddar or chocolate");
        }
        Optional<OrderType> type = OrderType.fromWireName(request.orderType());
        if (type.isEmpty()) {
            errors.reject("order_type", "'" + request.orderType() + "' is not a way we serve; choose delivery, takeout or dine_in");
        }
        Destination destination = null;
        if (type.isPresent() && type.get() == OrderType.DELIVERY) {
            destination = destination(request.destination(), errors);
        }
        errors.throwIfAny();
        Order order = new Order(orderId, request.username(), size.orElseThrow(), toppings, border.orElseThrow(), type.orElseThrow(),
                destination, orderedAt);
        stock.check(order, true, errors).throwIfAny();
        return order;
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
        if (node.size() > 2 || (node.size() == 2 && (lat == null || lon == null))) {
            errors.reject("destination", "coordinates take exactly two fields, lat and lon");
            ok = false;
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
