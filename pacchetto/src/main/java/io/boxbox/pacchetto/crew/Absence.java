package io.boxbox.pacchetto.crew;

import java.time.Instant;

/** One absence in progress (wall-clock instants). */
record Absence(AbsenceKind kind, Instant since, Instant until, boolean overrun) {
}
