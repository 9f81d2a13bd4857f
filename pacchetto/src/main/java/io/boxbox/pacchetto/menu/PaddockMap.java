package io.boxbox.pacchetto.menu;

import io.boxbox.pacchetto.order.Border;
import io.boxbox.pacchetto.order.GeoPoint;
import io.boxbox.pacchetto.order.OrderType;
import io.boxbox.pacchetto.order.PizzaSize;
import jakarta.inject.Singleton;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The kitchen's catalogue and the map around the Autodromo Nazionale Monza, home of the tifosi.
 * Coordinates are real; the pizzeria sits in the paddock hospitality area.
 */
@Singleton
public class PaddockMap {

    public static final int MAX_TOPPINGS = 10;
    public static final double SERVED_RADIUS_KM = 8.0;

    private static final Place PIZZERIA = new Place("pizzeria", "Pizzeria Box Box (paddock hospitality)", 45.6205, 9.2822);

    private static final List<Place> PLACES = List.of(
            new Place("ferrari_garage", "Scuderia Ferrari garage", 45.6187, 9.2812),
            new Place("red_bull_garage", "Red Bull Racing garage", 45.6196, 9.2809),
            new Place("mercedes_garage", "Mercedes garage", 45.6178, 9.2815),
            new Place("mclaren_garage", "McLaren garage", 45.6169, 9.2817),
            new Place("race_control", "Race control tower", 45.6183, 9.2803),
            new Place("media_centre", "Media centre", 45.6212, 9.2838),
            new Place("paddock_gate", "Paddock gate (Vedano entrance)", 45.6228, 9.2849),
            new Place("parabolica_grandstand", "Curva Alboreto (Parabolica) grandstand", 45.6133, 9.2791),
            new Place("ascari_grandstand", "Variante Ascari grandstand", 45.6283, 9.2918),
            new Place("villa_reale", "Villa Reale di Monza", 45.5922, 9.2750),
            new Place("hotel_de_la_ville", "Hotel de la Ville, Monza", 45.5853, 9.2735));

    private final Catalogue catalogue;

    /** The map and the menu, priced from {@code catalogue}: the one list of what the pizzeria sells. */
    @jakarta.inject.Inject
    public PaddockMap(Catalogue catalogue) {
        this.catalogue = catalogue;
    }

    /** For tests and tools without dependency injection. */
    public PaddockMap() {
        this(new Catalogue());
    }

    public Place pizzeria() {
        return PIZZERIA;
    }

    public List<Place> places() {
        return PLACES;
    }

    public Optional<Place> place(String id) {
        return PLACES.stream().filter(p -> p.id().equals(id)).findFirst();
    }

    public boolean isTopping(String name) {
        return catalogue.isTopping(name);
    }

    /** Whether a point lies inside the area the drivers serve. */
    public boolean isServed(GeoPoint point) {
        return distanceKm(new GeoPoint(PIZZERIA.lat(), PIZZERIA.lon()), point) <= SERVED_RADIUS_KM;
    }

    /** The whole menu with prices from the {@link Catalogue}, everything available (the pantry marks what is out). */
    public Menu menu() {
        return new Menu(
                Arrays.stream(PizzaSize.values()).map(PizzaSize::wireName).toList(),
                catalogue.toppings().stream().map(Priced::id).toList(),
                Arrays.stream(Border.values()).map(Border::wireName).toList(),
                Arrays.stream(OrderType.values()).map(OrderType::wireName).toList(),
                MAX_TOPPINGS, PIZZERIA, SERVED_RADIUS_KM, PLACES,
                entries(Arrays.stream(PizzaSize.values()).map(catalogue::size).toList()),
                entries(catalogue.toppings()),
                entries(Arrays.stream(Border.values()).map(catalogue::border).toList()),
                entries(catalogue.drinks()),
                entries(catalogue.desserts()),
                catalogue.deliveryFeeCents(OrderType.DELIVERY), Till.CURRENCY,
                io.boxbox.pacchetto.order.Order.MAX_ITEMS, io.boxbox.pacchetto.order.OrderItem.MAX_QUANTITY,
                io.boxbox.pacchetto.order.Order.MAX_PIZZAS);
    }

    private static List<MenuEntry> entries(List<Priced> priced) {
        return priced.stream().map(MenuEntry::of).toList();
    }

    /** Great-circle distance (haversine); plenty precise over a few kilometres. */
    public static double distanceKm(GeoPoint a, GeoPoint b) {
        double earthRadiusKm = 6371.0088;
        double dLat = Math.toRadians(b.lat() - a.lat());
        double dLon = Math.toRadians(b.lon() - a.lon());
        double h = Math.pow(Math.sin(dLat / 2), 2)
                + Math.cos(Math.toRadians(a.lat())) * Math.cos(Math.toRadians(b.lat())) * Math.pow(Math.sin(dLon / 2), 2);
        return 2 * earthRadiusKm * Math.asin(Math.sqrt(h));
    }

    /** Initial great-circle bearing from {@code a} to {@code b}: degrees clockwise from north, 0 up to 360. */
    public static double bearingDegrees(GeoPoint a, GeoPoint b) {
        double fromLat = Math.toRadians(a.lat());
        double toLat = Math.toRadians(b.lat());
        double dLon = Math.toRadians(b.lon() - a.lon());
        double y = Math.sin(dLon) * Math.cos(toLat);
        double x = Math.cos(fromLat) * Math.sin(toLat) - Math.sin(fromLat) * Math.cos(toLat) * Math.cos(dLon);
        double degrees = Math.toDegrees(Math.atan2(y, x));
        return (degrees + 360) % 360;
    }
}
