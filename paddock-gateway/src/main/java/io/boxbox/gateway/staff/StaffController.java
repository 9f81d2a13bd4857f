package io.boxbox.gateway.staff;

import io.boxbox.pacchetto.crew.StaffEntry;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;

import java.util.List;

/** Who is on shift and what they are doing: kneading, baking, riding, asleep, at lunch, smoking... */
@Controller("/v1/staff")
@ExecuteOn(TaskExecutors.BLOCKING)
public class StaffController {

    private final StaffRoster roster;

    public StaffController(StaffRoster roster) {
        this.roster = roster;
    }

    @Operation(summary = "Every simulated person with their state and since/until")
    @Get
    public Staff staff() {
        return new Staff(roster.everyone());
    }

    /** The body of {@code GET /v1/staff}. */
    public record Staff(List<StaffEntry> staff) {
    }
}
