package io.boxbox.gateway.admin;

import io.boxbox.gateway.problem.FieldErrors;
import io.boxbox.gateway.problem.Problem;
import io.boxbox.gateway.problem.ProblemAdvice;
import io.boxbox.pacchetto.crew.AbsenceKind;
import io.boxbox.pacchetto.crew.CrewCommand;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;

import java.util.List;
import java.util.Set;

/**
 * Fault injection, like the OpenTelemetry demo's feature flags: send a person or a whole crew to
 * sleep, lunch, a break or a smoke now; change the odds of a mishap. Off unless a token is
 * configured; every call must bear it ({@code Authorization: Bearer <token>}).
 */
@Controller("/admin/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
public class AdminController {

    private static final Set<String> SERVICES = Set.of("maestro", "panettiere", "chef-sim", "driver-sim");

    private final AdminSettings settings;
    private final CrewCommands commands;
    private final AdminGuard guard;

    public AdminController(AdminSettings settings, CrewCommands commands, AdminGuard guard) {
        this.settings = settings;
        this.commands = commands;
        this.guard = guard;
    }

    /** Body of an absence: who (empty for the whole crew), what and for how many simulated seconds. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record AbsenceRequest(@Nullable String person, String kind, double durationS) {
    }

    /** Body of a mishap change. */
    public record MishapRequest(double probability) {
    }

    @Operation(summary = "Send a person (or the whole crew) away now: ASLEEP, AT_LUNCH, ON_BREAK, SMOKING")
    @Post("/crew/{service}/absence")
    public HttpResponse<?> absence(@PathVariable String service, @Body AbsenceRequest request,
                                   @Nullable @Header("Authorization") String authorization) {
        HttpResponse<Problem> refused = guard(authorization);
        if (refused != null) {
            return refused;
        }
        FieldErrors errors = new FieldErrors();
        checkService(service, errors);
        AbsenceKind kind = null;
        try {
            kind = AbsenceKind.valueOf(request.kind() == null ? "" : request.kind());
        } catch (IllegalArgumentException e) {
            errors.reject("kind", "must be one of ASLEEP, AT_LUNCH, ON_BREAK, SMOKING, OFFLINE");
        }
        if (!(request.durationS() > 0) || request.durationS() > 86_400) {
            errors.reject("duration_s", "must be a number of simulated seconds between 0 and 86400");
        }
        errors.throwIfAny();
        return answered(service, commands.send(service,
                new CrewCommand("absence", request.person(), kind, request.durationS(), null, null)));
    }

    @Operation(summary = "Set the probability of a mishap: oversleep (panettiere), oversmoke (maestro), burn (chef-sim), detour (driver-sim)")
    @Put("/mishaps/{service}/{mishap}")
    public HttpResponse<?> mishap(@PathVariable String service, @PathVariable String mishap, @Body MishapRequest request,
                                  @Nullable @Header("Authorization") String authorization) {
        HttpResponse<Problem> refused = guard(authorization);
        if (refused != null) {
            return refused;
        }
        FieldErrors errors = new FieldErrors();
        checkService(service, errors);
        if (!(request.probability() >= 0 && request.probability() <= 1)) {
            errors.reject("probability", "must be between 0 and 1");
        }
        errors.throwIfAny();
        return answered(service, commands.send(service, new CrewCommand("mishap", null, null, null, mishap, request.probability())));
    }

    @Operation(summary = "The current mishap odds of every instance of a service")
    @Get("/mishaps/{service}")
    public HttpResponse<?> mishaps(@PathVariable String service, @Nullable @Header("Authorization") String authorization) {
        HttpResponse<Problem> refused = guard(authorization);
        if (refused != null) {
            return refused;
        }
        FieldErrors errors = new FieldErrors();
        checkService(service, errors);
        errors.throwIfAny();
        return answered(service, commands.send(service, new CrewCommand("status", null, null, null, null, null)));
    }

    private HttpResponse<?> answered(String service, List<CrewCommand.Reply> replies) {
        if (replies.isEmpty()) {
            return problem(HttpStatus.SERVICE_UNAVAILABLE, "No instance answered",
                    "no instance of " + service + " answered within " + settings.gather().toMillis() + " ms; is it running?");
        }
        List<CrewCommand.Reply> failed = replies.stream().filter(r -> r.error() != null).toList();
        if (!failed.isEmpty()) {
            return problem(HttpStatus.UNPROCESSABLE_ENTITY, "Command refused", failed.getFirst().error());
        }
        return HttpResponse.ok(new Replies(replies));
    }

    /** What each instance did. */
    public record Replies(List<CrewCommand.Reply> instances) {
    }

    private static void checkService(String service, FieldErrors errors) {
        if (!SERVICES.contains(service)) {
            errors.reject("service", "'" + service + "' has no crew; choose maestro, panettiere, chef-sim or driver-sim");
        }
    }

    private HttpResponse<Problem> guard(String authorization) {
        return guard.refusal(authorization);
    }

    private static HttpResponse<Problem> problem(HttpStatus status, String title, String detail) {
        return ProblemAdvice.respond(status, title, detail, List.of());
    }
}
