package io.boxbox.gateway.bench;

import io.boxbox.gateway.order.OrderAccepted;
import io.boxbox.gateway.token.OrderTokens;
import io.boxbox.pacchetto.menu.Bill;
import io.boxbox.pacchetto.menu.BillLine;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.util.StringUtils;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.opentelemetry.api.trace.Span;
import io.swagger.v3.oas.annotations.Hidden;

import java.net.URI;
import java.time.Clock;
import java.util.List;

/**
 * The HTTP floor of {@code ./boxbox bench} (issue 14): {@code POST /v1/floor} answers 202 with a body
 * the shape and size of an accepted one-pizza order, and does nothing else — no validation, no menu,
 * no NATS, no rate limit, no idempotency record. The bench sends it the same requests as
 * {@code POST /v1/order}, from the same client, to the same gateway process, so intake ÷ floor is
 * what Box Box's own code costs beyond Netty, Micronaut's routing and blocking executor, the agent's
 * server span, reading the body and writing the JSON answer.
 *
 * <p>It exists only when {@value #ENABLED} is {@code true} (env {@code BOXBOX_BENCH_FLOOR_ENABLED}),
 * which only the bench sets; a normal gateway has no such route. Hidden from the OpenAPI document.
 */
@Hidden
@Controller("/v1/floor")
@ExecuteOn(TaskExecutors.BLOCKING)
@Requires(property = FloorController.ENABLED, value = StringUtils.TRUE, defaultValue = StringUtils.FALSE)
public class FloorController {

    public static final String ENABLED = "boxbox.bench.floor-enabled";

    /** A real order id's length; the answer's URLs and token are made from it as the real ones are. */
    private static final String ORDER_ID = "00000000-0000-4000-8000-000000000000";
    private static final String STATUS_URL = "/v1/order/" + ORDER_ID;

    private final OrderAccepted answer;

    public FloorController(OrderTokens tokens, Clock clock) {
        // Made once: the floor measures the framework, not building an answer. Serialising it on
        // every request stays in, as the real intake serialises its answer.
        Bill bill = new Bill(List.of(new BillLine(0, "pizza medium: tomato, mozzarella", 1, 1100, 1100)),
                1100, 250, 1350, "EUR");
        answer = new OrderAccepted(ORDER_ID, "BB-20261202-0042", "RECEIVED", clock.instant(), bill, STATUS_URL,
                STATUS_URL + "/sse", "/order.html?id=" + ORDER_ID, tokens.issue(ORDER_ID));
    }

    /** Reads the body (as every POST does) and answers as an accepted order would, without placing one. */
    @Post(consumes = MediaType.APPLICATION_JSON)
    public HttpResponse<OrderAccepted> floor(@Body String body) {
        // renamed like the real route's span (it calls updateName too), so the agent does the same work for both
        Span.current().updateName("POST /v1/floor");
        return HttpResponse.accepted(URI.create(STATUS_URL)).body(answer);
    }
}
