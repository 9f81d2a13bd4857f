package io.boxbox.pacchetto.crew;

import java.time.Duration;
import java.time.Instant;

/** Told about every absence as it begins and ends: metrics, logs and traces hang off this. */
public interface CrewListener {

    CrewListener NONE = new CrewListener() {
    };

    /** {@code overrun}: this time the person takes too long (overslept, oversmoked). */
    default void absenceStarted(String person, AbsenceKind kind, Instant from, Instant until, boolean overrun,
                                boolean forced) {
    }

    default void absenceEnded(String person, AbsenceKind kind, Duration lasted, boolean overrun) {
    }
}
