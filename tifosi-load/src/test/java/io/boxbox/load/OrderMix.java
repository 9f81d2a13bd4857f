package io.boxbox.load;

import java.util.Arrays;
import java.util.Locale;

/**
 * What a load client puts in its orders (see {@link Baskets} for the shares and tifosi-load/README.md
 * for why). The bench and the chaos run keep {@link #ONE_PIZZA} by default: their figures (orders per
 * second, CPU and writes per delivered order, the audit's burnt and remade counts) are per order, and
 * an order of eight pizzas is eight times the kitchen's work of one.
 */
public enum OrderMix {

    /** Every order one pizza in the single-pizza body ({@code size}, {@code toppings}, {@code border}), as before items. */
    ONE_PIZZA,

    /**
     * The paddock as it orders since the menu grew: mostly one or two pizzas, now and then a garage
     * team order of 4–8 pizzas with drinks, sometimes drinks only or a dessert, and a share still in
     * the single-pizza body so both request shapes stay exercised.
     */
    PADDOCK;

    /** The wire name: {@code one_pizza}, {@code paddock}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The mix called {@code name} (case-insensitive); an unknown name lists the known ones. */
    public static OrderMix named(String name) {
        return Arrays.stream(values())
                .filter(mix -> mix.wireName().equalsIgnoreCase(name.strip()))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown order mix '" + name + "'; choose one of: "
                        + String.join(", ", Arrays.stream(values()).map(OrderMix::wireName).toList())));
    }
}
