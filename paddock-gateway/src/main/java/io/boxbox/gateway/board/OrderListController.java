package io.boxbox.gateway.board;

import io.boxbox.gateway.problem.Problem;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.opentelemetry.api.trace.Span;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import java.util.List;

/** The list of orders, for the pit wall's board. */
@Controller("/v1/orders")
@ExecuteOn(TaskExecutors.BLOCKING)
public class OrderListController {

    private final OrderBoard board;

    public OrderListController(OrderBoard board) {
        this.board = board;
    }

    @Operation(summary = "Orders, newest first (by ordered_at), filtered and paged with a cursor",
            description = "Each order once, with its latest state. Filters combine: state (one or more, repeated or"
                    + " comma-separated), username (exact), since (ordered at or after this instant). limit 1 to 200"
                    + " (50). Pass next_cursor as cursor for the next page; it is null on the last one. Orders placed"
                    + " while paging are newer, so they never shift later pages; an order that changes state while"
                    + " you page a state filter may enter or leave the filter.")
    @ApiResponse(responseCode = "200", description = "a page",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OrderPage.class)))
    @ApiResponse(responseCode = "400", description = "a parameter cannot be read; every one is named",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "503", description = "the journal cannot be read yet",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @Get(produces = MediaType.APPLICATION_JSON)
    public OrderPage list(@Parameter(description = "UPPER_SNAKE states, e.g. QUEUED,TOPPING") @Nullable @QueryValue List<String> state,
                          @Parameter(description = "exactly this person's orders") @Nullable @QueryValue String username,
                          @Parameter(description = "ISO-8601 instant: orders placed at or after it") @Nullable @QueryValue String since,
                          @Parameter(description = "1 to 200, default 50") @Nullable @QueryValue String limit,
                          @Parameter(description = "next_cursor of the previous page") @Nullable @QueryValue String cursor) {
        Span.current().updateName("GET /v1/orders");
        return board.page(OrderListQuery.parse(state, username, since, limit, cursor));
    }
}
