package io.boxbox.gateway.pantry;

import io.boxbox.gateway.problem.FieldErrors;
import io.boxbox.pacchetto.order.MenuItem;
import io.boxbox.pacchetto.order.Order;
import io.boxbox.pacchetto.order.OrderItem;
import io.boxbox.pacchetto.order.PizzaItem;
import io.boxbox.pacchetto.pantry.Ingredients;
import io.boxbox.pacchetto.pantry.Shelf;
import jakarta.inject.Singleton;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * A new order naming something the pantry is out of is refused (422), by field path, saying when
 * the supplier is expected: better to hear it now than to wait for the truck without knowing.
 * Only what is out (stock 0) is refused; an order that merely takes the last portions is accepted
 * and, if others got there first, waits in WAITING_FOR_STOCK. Orders already accepted are never
 * refused for stock: they wait.
 */
@Singleton
public class StockCheck {

    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

    private final ShelfWatch shelves;

    public StockCheck(ShelfWatch shelves) {
        this.shelves = shelves;
    }

    /**
     * Reports every out-of-stock ingredient of a validated order. {@code singlePizzaBody}: the
     * request was the one-pizza shape (fields {@code size}, {@code toppings[i]}, {@code border} at
     * the top level) rather than {@code items[n]…}.
     */
    public FieldErrors check(Order order, boolean singlePizzaBody, FieldErrors errors) {
        List<OrderItem> items = order.items();
        for (int n = 0; n < items.size(); n++) {
            String at = singlePizzaBody ? "" : "items[" + n + "].";
            switch (items.get(n)) {
                case PizzaItem pizza -> checkPizza(at, pizza, errors);
                case MenuItem extra -> reject(at + "id", extra.id(), errors);
                case null -> { }
            }
        }
        return errors;
    }

    /**
     * The order, once nothing in it is out of stock; otherwise the 422 naming every such field
     * (the validator's one call, after its own checks passed).
     */
    public Order passed(Order order, boolean singlePizzaBody) {
        check(order, singlePizzaBody, new FieldErrors()).throwIfAny();
        return order;
    }

    private void checkPizza(String at, PizzaItem pizza, FieldErrors errors) {
        // without dough balls no size can be made
        reject(at + "size", Ingredients.DOUGH, errors);
        for (int t = 0; t < pizza.toppings().size(); t++) {
            reject(at + "toppings[" + t + "]", pizza.toppings().get(t), errors);
        }
        Ingredients.borderIngredient(pizza.border()).ifPresent(cheese -> reject(at + "border", cheese, errors));
    }

    private void reject(String field, String ingredient, FieldErrors errors) {
        if (!shelves.isOut(ingredient)) {
            return;
        }
        Shelf shelf = shelves.shelf(ingredient);
        String when = shelf.expectedBack() == null
                ? "no delivery is expected yet"
                : "the supplier is expected by " + HOUR.format(shelf.expectedBack()) + " UTC";
        errors.reject(field, ingredient + " is out of stock; " + when);
    }
}
