package io.boxbox.pacchetto.order;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;
import java.util.Optional;

/** The stuffed crust options; JSON spells them in snake case. */
public enum Border {
    NONE, CREAM_CHEESE, CHEDDAR, CHOCOLATE;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Border> fromWireName(String name) {
        for (Border border : values()) {
            if (border.wireName().equals(name)) {
                return Optional.of(border);
            }
        }
        return Optional.empty();
    }
}
