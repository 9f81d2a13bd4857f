package io.boxbox.pacchetto.order;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;
import java.util.Optional;

/** How the pizza reaches its eater; only deliveries go through driver-sim. */
public enum OrderType {
    DELIVERY, TAKEOUT, DINE_IN;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<OrderType> fromWireName(String name) {
        for (OrderType type : values()) {
            if (type.wireName().equals(name)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
