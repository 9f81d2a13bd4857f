package io.boxbox.pacchetto.menu;

import jakarta.inject.Singleton;
import io.boxbox.pacchetto.order.MenuItem;
import io.boxbox.pacchetto.order.OrderItem;
import io.boxbox.pacchetto.order.OrderType;
import io.boxbox.pacchetto.order.PizzaItem;

import java.util.ArrayList;
import java.util.List;

/**
 * Prices an order from the {@link Catalogue}: the one place a bill is computed. Items must be on
 * the menu already (the gateway validates before it bills); an unknown id is a programming error.
 */
@Singleton
public final class Till {

    public static final String CURRENCY = "EUR";

    private final Catalogue catalogue;

    public Till(Catalogue catalogue) {
        this.catalogue = catalogue;
    }

    public Bill bill(List<OrderItem> items, OrderType type) {
        List<BillLine> lines = new ArrayList<>(items.size());
        int subtotal = 0;
        for (int i = 0; i < items.size(); i++) {
            OrderItem item = items.get(i);
            BillLine line = switch (item) {
                case PizzaItem pizza -> pizzaLine(i, pizza);
                case MenuItem extra -> extraLine(i, extra);
            };
            lines.add(line);
            subtotal = Math.addExact(subtotal, line.totalCents());
        }
        int fee = catalogue.deliveryFeeCents(type);
        return new Bill(lines, subtotal, fee, Math.addExact(subtotal, fee), CURRENCY);
    }

    private BillLine pizzaLine(int index, PizzaItem pizza) {
        Priced size = catalogue.size(pizza.size());
        int unit = size.priceCents() + catalogue.border(pizza.border()).priceCents();
        for (String topping : pizza.toppings()) {
            unit += catalogue.topping(topping).orElseThrow(() -> unknown("topping", topping)).priceCents();
        }
        String what = "pizza " + pizza.size().wireName()
                + (pizza.toppings().isEmpty() ? "" : ": " + String.join(", ", pizza.toppings()))
                + (pizza.border() == io.boxbox.pacchetto.order.Border.NONE ? "" : ", " + catalogue.border(pizza.border()).name().toLowerCase(java.util.Locale.ROOT));
        return new BillLine(index, what, pizza.quantity(), unit, Math.multiplyExact(unit, pizza.quantity()));
    }

    private BillLine extraLine(int index, MenuItem item) {
        Priced extra = catalogue.extra(item.id()).orElseThrow(() -> unknown("item", item.id()));
        return new BillLine(index, extra.name(), item.quantity(), extra.priceCents(),
                Math.multiplyExact(extra.priceCents(), item.quantity()));
    }

    private static IllegalArgumentException unknown(String what, String id) {
        return new IllegalArgumentException("no " + what + " '" + id + "' on the menu: validate the order before billing it");
    }
}
