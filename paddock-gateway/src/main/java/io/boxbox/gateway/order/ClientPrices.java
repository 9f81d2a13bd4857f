package io.boxbox.gateway.order;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

/**
 * A client never says what something costs: prices come from the menu, and the bill is the
 * gateway's ({@link io.boxbox.pacchetto.menu.Till}). A field that looks like a price anywhere in
 * an order ({@code price}, {@code price_cents}, {@code unit_cents}, {@code total_cents},
 * {@code bill}, {@code deliveryFee}...) is answered with 422 naming it, not quietly ignored, so
 * nobody believes their price was taken.
 */
public final class ClientPrices {

    public static final String REFUSAL = "prices come from the menu; remove it";

    private static final Set<String> WORDS = Set.of("price", "prices", "priced", "cents", "cost", "costs", "amount",
            "total", "subtotal", "bill", "fee", "fees", "currency", "discount", "tip", "eur", "euro", "euros");

    private ClientPrices() {
    }

    /** Whether a field name, in any spelling (snake, kebab, camel), has a price word in it. */
    public static boolean isPriceLike(String field) {
        if (field == null) {
            return false;
        }
        String words = field.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
        return Arrays.stream(words.split("[^a-z]+")).anyMatch(WORDS::contains);
    }
}
