package io.boxbox.gateway.fleet;

import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.sse.Event;
import io.opentelemetry.api.trace.Span;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.reactivestreams.Publisher;

/** Every driver on one map. */
@Controller("/v1/drivers")
public class FleetController {

    private final Fleet fleet;

    public FleetController(Fleet fleet) {
        this.fleet = fleet;
    }

    @Operation(summary = "Every driver's GPS fix as it arrives (SSE, event: location)",
            description = "First one frame per driver heard since this gateway started, with its last position, then"
                    + " every new fix that passed the relay's checks. Frames have no id: positions are superseded, not"
                    + " resumed. A client more than boxbox.sse.buffer frames behind is dropped.")
    @ApiResponse(responseCode = "200", description = "the event stream; each frame's data is a DriverPosition",
            content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM, schema = @Schema(implementation = DriverPosition.class)))
    @Get(value = "/sse", produces = MediaType.TEXT_EVENT_STREAM)
    public Publisher<Event<DriverPosition>> positions() {
        Span.current().updateName("GET /v1/drivers/sse");
        return fleet.positions().map(position -> Event.of(position).name("location"));
    }
}
