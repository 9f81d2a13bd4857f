package io.boxbox.pacchetto.menu;

import jakarta.inject.Singleton;
import io.boxbox.pacchetto.order.Border;
import io.boxbox.pacchetto.order.OrderType;
import io.boxbox.pacchetto.order.PizzaSize;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the pizzeria sells and what it costs, in integer euro cents (never floating point):
 * the pizza's size, each topping and border, the drinks and the desserts, and the delivery fee.
 * The one price list of the mesh: the gateway shows it and bills from it ({@link Till}), nobody
 * else keeps prices.
 */
@Singleton
public final class Catalogue {

    private static final Map<PizzaSize, Priced> SIZES = new EnumMap<>(Map.of(
            PizzaSize.SMALL, new Priced("small", "Small (26 cm)", 700),
            PizzaSize.MEDIUM, new Priced("medium", "Medium (30 cm)", 900),
            PizzaSize.LARGE, new Priced("large", "Large (36 cm)", 1200)));

    private static final Map<Border, Priced> BORDERS = new EnumMap<>(Map.of(
            Border.NONE, new Priced("none", "Plain crust", 0),
            Border.CREAM_CHEESE, new Priced("cream_cheese", "Cream cheese border", 200),
            Border.CHEDDAR, new Priced("cheddar", "Cheddar border", 200),
            Border.CHOCOLATE, new Priced("chocolate", "Chocolate border", 250)));

    private static final List<Priced> TOPPINGS = List.of(
            new Priced("tomato", "Tomato", 50),
            new Priced("mozzarella", "Mozzarella", 100),
            new Priced("basil", "Basil", 50),
            new Priced("pepperoni", "Pepperoni", 150),
            new Priced("mushrooms", "Mushrooms", 100),
            new Priced("ham", "Ham", 150),
            new Priced("prosciutto", "Prosciutto crudo", 250),
            new Priced("olives", "Olives", 100),
            new Priced("onions", "Onions", 50),
            new Priced("peppers", "Peppers", 100),
            new Priced("anchovies", "Anchovies", 150),
            new Priced("rucola", "Rucola", 100),
            new Priced("gorgonzola", "Gorgonzola", 150),
            new Priced("nduja", "'Nduja", 200),
            new Priced("artichokes", "Artichokes", 150),
            new Priced("pineapple", "Pineapple", 100));

    private static final List<Priced> DRINKS = List.of(
            new Priced("acqua_frizzante", "Sparkling water 0.5 l", 150),
            new Priced("acqua_naturale", "Still water 0.5 l", 150),
            new Priced("chinotto", "Chinotto 0.33 l", 250),
            new Priced("aranciata", "Aranciata 0.33 l", 250),
            new Priced("birra_moretti", "Birra Moretti 0.33 l", 400),
            new Priced("espresso", "Espresso", 120));

    private static final List<Priced> DESSERTS = List.of(
            new Priced("tiramisu", "Tiramisù", 500),
            new Priced("panna_cotta", "Panna cotta", 450),
            new Priced("cannoli", "Cannoli siciliani (2)", 400),
            new Priced("gelato", "Gelato, two scoops", 350));

    private static final int DELIVERY_FEE_CENTS = 250;

    public Priced size(PizzaSize size) {
        return SIZES.get(size);
    }

    public Priced border(Border border) {
        return BORDERS.get(border);
    }

    public List<Priced> sizes() {
        return List.copyOf(SIZES.values());
    }

    public List<Priced> borders() {
        return List.copyOf(BORDERS.values());
    }

    public List<Priced> toppings() {
        return TOPPINGS;
    }

    public List<Priced> drinks() {
        return DRINKS;
    }

    public List<Priced> desserts() {
        return DESSERTS;
    }

    public Optional<Priced> topping(String id) {
        return TOPPINGS.stream().filter(t -> t.id().equals(id)).findFirst();
    }

    /** A drink or a dessert by its id. */
    public Optional<Priced> extra(String id) {
        return DRINKS.stream().filter(d -> d.id().equals(id)).findFirst()
                .or(() -> DESSERTS.stream().filter(d -> d.id().equals(id)).findFirst());
    }

    public boolean isTopping(String id) {
        return topping(id).isPresent();
    }

    public int deliveryFeeCents(OrderType type) {
        return type == OrderType.DELIVERY ? DELIVERY_FEE_CENTS : 0;
    }
}
