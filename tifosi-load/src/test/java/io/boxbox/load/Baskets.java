package io.boxbox.load;

import io.boxbox.pacchetto.menu.Catalogue;
import io.boxbox.pacchetto.menu.Menu;
import io.boxbox.pacchetto.menu.MenuEntry;
import io.boxbox.pacchetto.menu.Priced;
import io.boxbox.pacchetto.order.Border;
import io.boxbox.pacchetto.order.MenuItem;
import io.boxbox.pacchetto.order.OrderItem;
import io.boxbox.pacchetto.order.PizzaItem;
import io.boxbox.pacchetto.order.PizzaSize;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * What goes into one order, drawn from the menu. The same shares as {@code script.js}'s
 * {@code randomItems}; under {@link OrderMix#PADDOCK}:
 *
 * <ul>
 *   <li>30 % one pizza in the single-pizza body ({@link Kind#SINGLE_PIZZA});</li>
 *   <li>50 % one or two pizzas as {@code items} (60 % one, 40 % two: the same pizza twice or two
 *       different ones), with a drink per pizza 40 % of the time and a dessert 15 % ({@link Kind#PIZZAS});</li>
 *   <li>8 % drinks only, one or two kinds, 1–3 of each ({@link Kind#DRINKS});</li>
 *   <li>6 % a dessert (1–2), with a drink half the time ({@link Kind#DESSERT});</li>
 *   <li>6 % a garage team order: 4–8 pizzas over 2–4 kinds, about a drink per pizza over 2–3 kinds,
 *       desserts half the time ({@link Kind#TEAM}).</li>
 * </ul>
 *
 * Every basket stays well inside the order limits (at most 9 items, quantity at most 8, at most 8
 * pizzas) and carries no price: the gateway bills from its own price list. Toppings, drinks and
 * desserts are the menu's available ones; a menu from before drinks and desserts falls back to the
 * {@link Catalogue}'s ids. With no drink or dessert available, those baskets become pizzas.
 */
final class Baskets {

    /** The kinds of basket, for the share tests and for where a team order goes. */
    enum Kind { SINGLE_PIZZA, PIZZAS, DRINKS, DESSERT, TEAM }

    record Basket(Kind kind, List<OrderItem> items) {

        Basket {
            items = List.copyOf(items);
        }

        /** Sent as the single-pizza body of before items rather than as {@code items}. */
        boolean singlePizzaBody() {
            return kind == Kind.SINGLE_PIZZA;
        }
    }

    private static final int MAX_TOPPINGS_DRAWN = 4;

    private final List<PizzaSize> sizes;
    private final List<Border> borders;
    private final List<String> toppings;
    private final List<String> drinks;
    private final List<String> desserts;
    private final int maxToppings;

    Baskets(Menu menu) {
        Catalogue catalogue = new Catalogue();
        this.sizes = menu.sizes().stream().map(s -> PizzaSize.fromWireName(s).orElseThrow()).toList();
        this.borders = menu.borders().stream().map(b -> Border.fromWireName(b).orElseThrow()).toList();
        this.toppings = menu.pizzaToppings() == null || menu.pizzaToppings().isEmpty()
                ? List.copyOf(menu.toppings()) : available(menu.pizzaToppings());
        this.drinks = menu.drinks() == null ? ids(catalogue.drinks()) : available(menu.drinks());
        this.desserts = menu.desserts() == null ? ids(catalogue.desserts()) : available(menu.desserts());
        this.maxToppings = Math.min(MAX_TOPPINGS_DRAWN, menu.maxToppings());
    }

    Basket draw(OrderMix mix, RandomGenerator random) {
        if (mix == OrderMix.ONE_PIZZA) {
            return new Basket(Kind.SINGLE_PIZZA, List.of(pizza(random, 1)));
        }
        double roll = random.nextDouble();
        if (roll < 0.30) {
            return new Basket(Kind.SINGLE_PIZZA, List.of(pizza(random, 1)));
        }
        if (roll < 0.38 && !drinks.isEmpty()) {
            return drinksOnly(random);
        }
        if (roll >= 0.38 && roll < 0.44 && !desserts.isEmpty()) {
            return dessert(random);
        }
        if (roll >= 0.94) {
            return team(random);
        }
        return pizzas(random);
    }

    private Basket pizzas(RandomGenerator random) {
        List<OrderItem> items = new ArrayList<>();
        int count = random.nextDouble() < 0.60 ? 1 : 2;
        if (count == 1) {
            items.add(pizza(random, 1));
        } else if (random.nextBoolean()) {
            items.add(pizza(random, 2));
        } else {
            items.add(pizza(random, 1));
            items.add(pizza(random, 1));
        }
        if (!drinks.isEmpty() && random.nextDouble() < 0.40) {
            items.add(new MenuItem(pick(drinks, random), count));
        }
        if (!desserts.isEmpty() && random.nextDouble() < 0.15) {
            items.add(new MenuItem(pick(desserts, random), 1 + random.nextInt(count)));
        }
        return new Basket(Kind.PIZZAS, items);
    }

    private Basket drinksOnly(RandomGenerator random) {
        List<OrderItem> items = new ArrayList<>();
        for (String drink : pickSome(drinks, 1 + random.nextInt(2), random)) {
            items.add(new MenuItem(drink, 1 + random.nextInt(3)));
        }
        return new Basket(Kind.DRINKS, items);
    }

    private Basket dessert(RandomGenerator random) {
        List<OrderItem> items = new ArrayList<>();
        items.add(new MenuItem(pick(desserts, random), 1 + random.nextInt(2)));
        if (!drinks.isEmpty() && random.nextBoolean()) {
            items.add(new MenuItem(pick(drinks, random), 1));
        }
        return new Basket(Kind.DESSERT, items);
    }

    /** The garage orders for the crew: 4–8 pizzas of 2–4 kinds, a drink each (roughly), desserts to share. */
    private Basket team(RandomGenerator random) {
        int pizzas = 4 + random.nextInt(5);
        List<OrderItem> items = new ArrayList<>();
        for (int quantity : split(pizzas, 2 + random.nextInt(3), random)) {
            items.add(pizza(random, quantity));
        }
        if (!drinks.isEmpty()) {
            List<String> kinds = pickSome(drinks, 2 + random.nextInt(2), random);
            List<Integer> quantities = split(pizzas, kinds.size(), random);
            for (int i = 0; i < kinds.size(); i++) {
                items.add(new MenuItem(kinds.get(i), quantities.get(i)));
            }
        }
        if (!desserts.isEmpty() && random.nextBoolean()) {
            for (String dessert : pickSome(desserts, 1 + random.nextInt(2), random)) {
                items.add(new MenuItem(dessert, 1 + random.nextInt(3)));
            }
        }
        return new Basket(Kind.TEAM, items);
    }

    /** {@code quantity} pizzas of one random kind: a size, 0–4 toppings and a border. */
    private PizzaItem pizza(RandomGenerator random, int quantity) {
        PizzaSize size = pick(sizes, random);
        List<String> chosen = pickSome(toppings, random.nextInt(maxToppings + 1), random);
        return new PizzaItem(size, chosen, pick(borders, random), quantity);
    }

    /** {@code total} split into {@code parts} quantities of at least 1 each (fewer parts when total is smaller). */
    private static List<Integer> split(int total, int parts, RandomGenerator random) {
        int n = Math.min(parts, total);
        int[] quantities = new int[n];
        Arrays.fill(quantities, 1);
        for (int left = total - n; left > 0; left--) {
            quantities[random.nextInt(n)]++;
        }
        return Arrays.stream(quantities).boxed().toList();
    }

    private static List<String> available(List<MenuEntry> entries) {
        return entries.stream().filter(MenuEntry::available).map(MenuEntry::id).toList();
    }

    private static List<String> ids(List<Priced> priced) {
        return priced.stream().map(Priced::id).toList();
    }

    static <T> T pick(List<T> items, RandomGenerator random) {
        return items.get(random.nextInt(items.size()));
    }

    /** {@code count} distinct items in a random order (fewer if there are not that many). */
    static <T> List<T> pickSome(List<T> items, int count, RandomGenerator random) {
        List<T> pool = new ArrayList<>(items);
        List<T> chosen = new ArrayList<>(count);
        while (chosen.size() < count && !pool.isEmpty()) {
            chosen.add(pool.remove(random.nextInt(pool.size())));
        }
        return List.copyOf(chosen);
    }
}
