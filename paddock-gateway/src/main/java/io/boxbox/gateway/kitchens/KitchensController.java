package io.boxbox.gateway.kitchens;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;

import java.util.List;

/**
 * {@code GET /v1/kitchens}: which order types are being made and by which maestro, and how many
 * orders of each wait. An order still {@code RECEIVED} whose type shows {@code served: false}
 * waits for a maestro of its type (specialised kitchens, {@code BOXBOX_MAESTRO_ORDER_TYPES}).
 */
@Controller("/v1/kitchens")
@ExecuteOn(TaskExecutors.BLOCKING)
public class KitchensController {

    private final KitchenBoard board;

    public KitchensController(KitchenBoard board) {
        this.board = board;
    }

    @Operation(summary = "Per order type: the maestri making it, the orders waiting for one and those being made")
    @Get
    public Kitchens kitchens() {
        return new Kitchens(board.kitchens());
    }

    /** The body of {@code GET /v1/kitchens}. */
    public record Kitchens(List<KitchenBoard.Kitchen> kitchens) {
    }
}
