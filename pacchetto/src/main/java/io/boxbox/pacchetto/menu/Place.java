package io.boxbox.pacchetto.menu;

/** A named spot on the paddock map that a pizza can be delivered to. */
public record Place(String id, String name, double lat, double lon) {
}
