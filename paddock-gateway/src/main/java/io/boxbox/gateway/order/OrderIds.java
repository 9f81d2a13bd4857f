package io.boxbox.gateway.order;

import java.util.regex.Pattern;

/** Order ids are UUIDs; anything else cannot name an order (and must never reach a NATS subject). */
public final class OrderIds {

    private static final Pattern UUID = Pattern.compile("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");

    private OrderIds() {
    }

    public static boolean isWellFormed(String id) {
        return id != null && UUID.matcher(id).matches();
    }
}
