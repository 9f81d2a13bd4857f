package io.boxbox.pacchetto.crew;

import java.time.Instant;

/** A snapshot of one person for status answers and heartbeats. {@code until} is null when open-ended. */
public record CrewMemberView(String name, String state, Instant since, Instant until, String orderId) {
}
