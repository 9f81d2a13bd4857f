package io.boxbox.pacchetto.crew;

import java.time.Duration;

/** The outcome of asking a crew to take a job. */
public sealed interface Assignment {

    /** Somebody took it. */
    record Taken(CrewMember member) implements Assignment {
    }

    /**
     * Nobody could: {@code nobodyPresent} when every person is away (asleep, at lunch...), otherwise
     * everyone present is busy. {@code retryAfter} is wall-clock time until it is worth asking again.
     */
    record Refused(boolean nobodyPresent, Duration retryAfter, String reason) implements Assignment {
    }
}
