package io.boxbox.pacchetto.pantry;

import io.boxbox.pacchetto.menu.Catalogue;
import io.boxbox.pacchetto.menu.Priced;
import io.boxbox.pacchetto.order.Border;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the pantry keeps a shelf for, named from the Catalogue so there is one list of ids:
 * dough balls ({@value #DOUGH}), every topping, the border cheeses (a stuffed border uses one
 * portion of its own ingredient, named like the border), every drink and every dessert.
 */
public final class Ingredients {

    public static final String DOUGH = "dough";

    private final Catalogue catalogue;
    private final List<String> all;

    public Ingredients(Catalogue catalogue) {
        this.catalogue = catalogue;
        List<String> names = new ArrayList<>();
        names.add(DOUGH);
        catalogue.toppings().stream().map(Priced::id).forEach(names::add);
        for (Border border : Border.values()) {
            borderIngredient(border).ifPresent(names::add);
        }
        catalogue.drinks().stream().map(Priced::id).forEach(names::add);
        catalogue.desserts().stream().map(Priced::id).forEach(names::add);
        this.all = List.copyOf(names);
    }

    public Ingredients() {
        this(new Catalogue());
    }

    /** Every shelf, in the pantry's fixed order (dough, toppings, borders, drinks, desserts). */
    public List<String> all() {
        return all;
    }

    public boolean isKnown(String ingredient) {
        return all.contains(ingredient);
    }

    /** The cheese a border is stuffed with; a plain crust uses none. */
    public static Optional<String> borderIngredient(Border border) {
        return border == Border.NONE ? Optional.empty() : Optional.of(border.wireName());
    }

    public boolean isTopping(String id) {
        return catalogue.isTopping(id);
    }

    /** A shelf's place in {@link #all()}: takes of several ingredients go in this order. */
    int rank(String ingredient) {
        int at = all.indexOf(ingredient);
        return at < 0 ? Integer.MAX_VALUE : at;
    }
}
