package io.boxbox.pacchetto.crew;

import java.time.Duration;
import java.time.Instant;

/** An absence that is due but waits for the person to finish what is in their hands. */
record PendingAbsence(AbsenceKind kind, Instant dueAt, Duration wallDuration, boolean overrun, boolean forced) {
}
