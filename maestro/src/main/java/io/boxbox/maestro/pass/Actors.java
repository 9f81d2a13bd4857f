package io.boxbox.maestro.pass;

import io.grpc.StatusRuntimeException;

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

    static String reason(String service, StatusRuntimeException refusal) {
        String description = refusal.getStatus().getDescription();
        return service + " " + refusal.getStatus().getCode().name().toLowerCase(java.util.Locale.ROOT)
                + (description == null ? "" : ": " + description);
    }
}
