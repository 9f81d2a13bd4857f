package io.boxbox.pacchetto.order;

/** A WGS84 position on the paddock map. */
public record GeoPoint(double lat, double lon) {
}
