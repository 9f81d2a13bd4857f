package io.boxbox.pacchetto.menu;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** One thing on {@code GET /v1/menu} with its price, and whether it can be ordered right now (in stock). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record MenuEntry(String id, String name, int priceCents, boolean available) {

    static MenuEntry of(Priced priced) {
        return new MenuEntry(priced.id(), priced.name(), priced.priceCents(), true);
    }

    MenuEntry unavailable() {
        return new MenuEntry(id, name, priceCents, false);
    }
}
