package io.boxbox.gateway.pantry;

import io.boxbox.pacchetto.menu.Menu;
import io.boxbox.pacchetto.order.PizzaSize;
import io.boxbox.pacchetto.pantry.Ingredients;
import jakarta.inject.Singleton;

import java.util.HashSet;
import java.util.Set;

/**
 * Marks the menu's entries the pantry cannot make now: a topping, border, drink or dessert whose
 * shelf is empty (entries share the ingredient's id), and every size while the dough is out.
 */
@Singleton
public class MenuAvailability {

    private final ShelfWatch shelves;
    private final Ingredients ingredients;

    public MenuAvailability(ShelfWatch shelves, Ingredients ingredients) {
        this.shelves = shelves;
        this.ingredients = ingredients;
    }

    public Menu mark(Menu menu) {
        Set<String> out = new HashSet<>();
        for (String ingredient : ingredients.all()) {
            if (shelves.isOut(ingredient)) {
                out.add(ingredient);
            }
        }
        if (out.remove(Ingredients.DOUGH)) {
            for (PizzaSize size : PizzaSize.values()) {
                out.add(size.wireName());
            }
        }
        return out.isEmpty() ? menu : menu.withUnavailable(out);
    }
}
