package io.boxbox.pacchetto.order;

import com.fasterxml.jackson.annotation.JsonValue;

/** The three sizes the pizzeria bakes; JSON spells them in lower case. */
public enum PizzaSize {
    SMALL, MEDIUM, LARGE;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The size named by its wire name, or empty when the name is not on the menu. */
    public static java.util.Optional<PizzaSize> fromWireName(String name) {
        for (PizzaSize size : values()) {
            if (size.wireName().equals(name)) {
                return java.util.Optional.of(size);
            }
        }
        return java.util.Optional.empty();
    }
}
