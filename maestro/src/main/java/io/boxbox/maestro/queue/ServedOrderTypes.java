package io.boxbox.maestro.queue;

import io.boxbox.pacchetto.jetstream.Topology;
import io.boxbox.pacchetto.order.OrderType;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.annotation.Nullable;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The order types this maestro makes ({@code boxbox.maestro.order-types}, env
 * {@code BOXBOX_MAESTRO_ORDER_TYPES}, e.g. {@code delivery,takeout}; unset or empty: every type).
 * A specialised kitchen pulls only from its types' consumers; orders of a type nobody makes wait
 * on theirs. Read when the context starts ({@code @Context}), so a name that is no order type
 * stops the maestro at once, naming the property, instead of leaving that type unmade.
 */
@Context
public class ServedOrderTypes {

    public static final String PROPERTY = "boxbox.maestro.order-types";
    public static final String ENV = "BOXBOX_MAESTRO_ORDER_TYPES";

    private final List<OrderType> types;

    public ServedOrderTypes(@Property(name = PROPERTY) @Nullable List<String> names) {
        this.types = parse(names);
    }

    /** In the enum's order, each once. */
    public List<OrderType> types() {
        return types;
    }

    public List<String> consumers() {
        return types.stream().map(Topology::maestroConsumer).toList();
    }

    public String wireNames() {
        return types.stream().map(OrderType::wireName).collect(Collectors.joining(","));
    }

    static List<OrderType> parse(@Nullable List<String> names) {
        Set<OrderType> types = EnumSet.noneOf(OrderType.class);
        List<String> unknown = new ArrayList<>();
        for (String listed : names == null ? List.<String>of() : names) {
            // one value may still hold commas (an env var read as a single string)
            for (String name : listed == null ? new String[0] : listed.split(",")) {
                String wire = name.strip().toLowerCase(Locale.ROOT);
                if (wire.isEmpty()) {
                    continue;
                }
                OrderType.fromWireName(wire).ifPresentOrElse(types::add, () -> unknown.add(name.strip()));
            }
        }
        if (!unknown.isEmpty()) {
            throw new ConfigurationException(PROPERTY + " (" + ENV + "): " + String.join(", ", unknown.stream()
                    .map(n -> "'" + n + "'").toList()) + (unknown.size() == 1 ? " is not an order type" : " are not order types")
                    + "; name any of " + Arrays.stream(OrderType.values()).map(OrderType::wireName)
                    .collect(Collectors.joining(", ")) + ", separated by commas, or leave it empty for all");
        }
        return types.isEmpty() ? List.of(OrderType.values()) : List.copyOf(types);
    }
}
