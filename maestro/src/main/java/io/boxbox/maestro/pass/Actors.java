package io.boxbox.maestro.pass;

/** How people and refusals are named in order events, so a history reads like a kitchen log. */
final class Actors {

    private Actors() {
    }

    static String maestro(String name) {
        return name + " (maestro)";
    }

    static String person(String name, String instance) {
        return name + " (" + instance + ")";
    }
}
