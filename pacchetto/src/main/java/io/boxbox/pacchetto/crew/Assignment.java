package io.boxbox.pacchetto.crew;

import java.time.Duration;
import java.util.Set;

/** The outcome of asking a crew to take a job. */
public sealed interface Assignment {

    /** Somebody took it. */
    record Taken(CrewMember member) implements Assignment {
    }

    /**
     * Nobody could: {@code nobodyPresent} when every person is away (asleep, at lunch...), otherwise
     * everyone present is busy. {@code retryAfter} is wall-clock time until it is worth asking again.
     * {@code absences} are the kinds of absence of the people away, {@code overruns} those of them
     * taking too long this time (overslept, oversmoked): typed, so a caller never reads them out of
     * the {@code reason} meant for people.
     */
    record Refused(boolean nobodyPresent, Duration retryAfter, String reason, Set<AbsenceKind> absences,
                   Set<AbsenceKind> overruns) implements Assignment {

        public Refused {
            absences = Set.copyOf(absences);
            overruns = Set.copyOf(overruns);
        }
    }
}
