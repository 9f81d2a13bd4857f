package io.boxbox.gateway.pantry;

import io.boxbox.gateway.admin.AdminGuard;
import io.boxbox.gateway.problem.FieldErrors;
import io.boxbox.gateway.problem.Problem;
import io.boxbox.gateway.problem.ProblemAdvice;
import io.boxbox.pacchetto.pantry.Ingredients;
import io.boxbox.pacchetto.pantry.Pantry;
import io.boxbox.pacchetto.pantry.Shelf;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Put;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;

import java.util.List;

/**
 * Race control sets a shelf: {@code PUT /admin/v1/pantry/{ingredient}} with {@code {"stock": n}}
 * (0 empties it, the capacity or more fills it and clears expected_back). Behind the admin token
 * like every {@code /admin/v1} endpoint. A shelf left at or below its threshold calls the supplier.
 */
@Controller("/admin/v1/pantry")
@ExecuteOn(TaskExecutors.BLOCKING)
public class PantryAdminController {

    /** The body: the stock the shelf should hold. */
    @Introspected
    public record StockRequest(@Nullable Integer stock) {
    }

    private final Pantry pantry;
    private final Ingredients ingredients;
    private final ShelfWatch watch;
    private final AdminGuard guard;

    public PantryAdminController(Pantry pantry, Ingredients ingredients, ShelfWatch watch, AdminGuard guard) {
        this.pantry = pantry;
        this.ingredients = ingredients;
        this.watch = watch;
        this.guard = guard;
    }

    @Operation(summary = "Set a shelf's stock: {\"stock\": 0} empties it, its capacity fills it")
    @Put("/{ingredient}")
    public HttpResponse<?> set(@PathVariable String ingredient, @Body StockRequest request,
                               @Nullable @Header("Authorization") String authorization) {
        HttpResponse<Problem> refused = guard.refusal(authorization);
        if (refused != null) {
            return refused;
        }
        if (!ingredients.isKnown(ingredient)) {
            return ProblemAdvice.respond(HttpStatus.NOT_FOUND, "No such shelf",
                    "the pantry keeps no '" + abbreviate(ingredient) + "'; see GET /v1/pantry",
                    List.of(new Problem.FieldError("ingredient", "'" + abbreviate(ingredient)
                            + "' is not an ingredient: dough, a topping, a border cheese, a drink or a dessert id")));
        }
        FieldErrors errors = new FieldErrors();
        if (request.stock() == null || request.stock() < 0) {
            errors.reject("stock", "is required: a whole number of portions, 0 or more (0 empties the shelf)");
        }
        errors.throwIfAny();
        try {
            Shelf shelf = pantry.set(ingredient, request.stock());
            watch.saw(shelf);
            return HttpResponse.ok(shelf);
        } catch (Exception e) {
            return PantryController.unavailable(e);
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }
}
