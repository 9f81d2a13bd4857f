package io.boxbox.pacchetto.crew;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A fault-injection command for every instance of one service, sent on {@code boxbox.admin.<service>}:
 * {@code absence} sends {@code person} (or the whole crew when absent) away as {@code kind} for
 * {@code durationS} simulated seconds; {@code mishap} sets the probability of {@code mishap}.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CrewCommand(String action, String person, AbsenceKind kind, Double durationS, String mishap,
                          Double probability) {

    public static String subject(String service) {
        return "boxbox.admin." + service;
    }

    /** What one instance did about a command. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Reply(String service, String instance, java.util.List<String> affected,
                        java.util.Map<String, Double> mishaps, String error) {
    }
}
