package io.boxbox.pacchetto.menu;

import io.boxbox.pacchetto.order.GeoPoint;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PaddockMapTest {

    private final PaddockMap map = new PaddockMap();

    @Test
    void everyPlaceOnTheMapIsInsideTheServedArea() {
        for (Place place : map.places()) {
            assertTrue(map.isServed(new GeoPoint(place.lat(), place.lon())), place.id());
        }
    }

    @Test
    void milanIsTooFarForAPizzaDriver() {
        assertFalse(map.isServed(new GeoPoint(45.4642, 9.1900)));
    }

    @Test
    void distancesAreGreatCircleKilometres() {
        // Monza paddock to Milan's Duomo: about 19 km as the crow flies.
        double km = PaddockMap.distanceKm(new GeoPoint(45.6205, 9.2822), new GeoPoint(45.4642, 9.1900));
        assertEquals(18.9, km, 0.5);
    }

    @Test
    void theMenuListsTheWireNames() {
        Menu menu = map.menu();
        assertEquals(List.of("small", "medium", "large"), menu.sizes());
        assertEquals(List.of("none", "cream_cheese", "cheddar", "chocolate"), menu.borders());
        assertEquals(List.of("delivery", "takeout", "dine_in"), menu.orderTypes());
    }
}
