package io.boxbox.gateway.tracking;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.boxbox.gateway.admin.AdminGuard;
import io.boxbox.gateway.problem.Problem;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.swagger.v3.oas.annotations.Operation;

/** This replica's GPS relay at a glance: its broker link, the orders it tracks, what it did with the fixes. */
@Controller("/admin/v1/gps")
public class TrackingController {

    private final AdminGuard guard;
    private final FixRelay relay;
    private final TrackedOrders orders;
    private final FixTally tally;

    public TrackingController(AdminGuard guard, FixRelay relay, TrackedOrders orders, FixTally tally) {
        this.guard = guard;
        this.relay = relay;
        this.orders = orders;
        this.tally = tally;
    }

    /** The body of {@code GET /admin/v1/gps}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record RelayStatus(String mqtt, int trackedOrders, FixTally.Totals fixes) {
    }

    @Operation(summary = "This gateway replica's driver GPS relay: MQTT link, tracked orders, fixes relayed and dropped by reason")
    @Get
    public HttpResponse<?> status(@Nullable @Header("Authorization") String authorization) {
        HttpResponse<Problem> refused = guard.refusal(authorization);
        if (refused != null) {
            return refused;
        }
        return HttpResponse.ok(new RelayStatus(relay.status(), orders.followed(), tally.totals()));
    }
}
