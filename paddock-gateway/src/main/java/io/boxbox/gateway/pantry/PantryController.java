package io.boxbox.gateway.pantry;

import io.boxbox.gateway.problem.ProblemAdvice;
import io.boxbox.pacchetto.pantry.Pantry;
import io.boxbox.pacchetto.pantry.Shelf;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;

import java.util.List;

/** {@code GET /v1/pantry}: every shelf, read from KV {@code pantry} (not the gateway's view), so it is exact. */
@Controller("/v1/pantry")
@ExecuteOn(TaskExecutors.BLOCKING)
public class PantryController {

    /** The answer: one entry per ingredient. */
    public record Shelves(List<Shelf> shelves) {
    }

    private final Pantry pantry;

    public PantryController(Pantry pantry) {
        this.pantry = pantry;
    }

    @Operation(summary = "Stock, threshold, capacity and the supplier's expected_back of every ingredient")
    @Get
    public HttpResponse<?> shelves() {
        try {
            return HttpResponse.ok(new Shelves(pantry.shelves()));
        } catch (Exception e) {
            return unavailable(e);
        }
    }

    static HttpResponse<?> unavailable(Exception e) {
        return ProblemAdvice.respond(HttpStatus.SERVICE_UNAVAILABLE, "Pantry unavailable",
                "cannot reach KV pantry: " + e.getMessage(), List.of()).header("Retry-After", "2");
    }
}
