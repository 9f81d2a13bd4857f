package io.boxbox.gateway.menu;

import io.boxbox.gateway.pantry.MenuAvailability;
import io.boxbox.pacchetto.menu.Menu;
import io.boxbox.pacchetto.menu.PaddockMap;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.swagger.v3.oas.annotations.Operation;

/** What can be ordered, and the places on the paddock map a driver can bring it to. */
@Controller("/v1/menu")
public class MenuController {

    private final PaddockMap map;
    private final MenuAvailability stock;

    public MenuController(PaddockMap map, MenuAvailability stock) {
        this.map = map;
        this.stock = stock;
    }

    @Operation(summary = "Sizes, toppings, borders, order types and delivery places")
    @Get
    public Menu menu() {
        return stock.mark(map.menu());
    }
}
