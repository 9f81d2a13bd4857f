package io.boxbox.driver.delivery;

import io.boxbox.pacchetto.order.GeoPoint;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RouteTest {

    private static final GeoPoint PIZZERIA = new GeoPoint(45.6205, 9.2822);

    @Test
    void aDriverHeadingDueNorthFacesZeroDegreesAndDueEastNinety() {
        assertEquals(0, Route.direct(PIZZERIA, new GeoPoint(45.63, 9.2822), 18).headingAt(0.5), 0.01);
        assertEquals(90, Route.direct(PIZZERIA, new GeoPoint(45.6205, 9.30), 18).headingAt(0.5), 0.1);
        assertEquals(180, Route.direct(PIZZERIA, new GeoPoint(45.61, 9.2822), 18).headingAt(0.5), 0.01);
    }

    @Test
    void onADetourTheHeadingTurnsAtTheBend() {
        Route detour = Route.withDetour(PIZZERIA, new GeoPoint(45.63, 9.2822), 18, 0.4);
        // due north with the bend off to the east: first north-east, then north-west
        double out = detour.headingAt(0.25);
        double back = detour.headingAt(0.75);
        assertEquals(true, out > 0 && out < 90, "first leg heads north-east, was " + out);
        assertEquals(true, back > 270 && back < 360, "second leg heads north-west, was " + back);
        assertEquals(back, detour.headingAt(1), 1e-9, "at the door the driver still faces the last leg");
    }
}
