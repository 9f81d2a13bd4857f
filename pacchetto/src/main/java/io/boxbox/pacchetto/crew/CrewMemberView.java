package io.boxbox.pacchetto.crew;

import java.time.Instant;

/**
 * A snapshot of one person for status answers and heartbeats. {@code until} is null when open-ended;
 * {@code overrun} is true while the absence runs over its usual length (oversleeping, a long lunch).
 */
public record CrewMemberView(String name, String state, Instant since, Instant until, String orderId, boolean overrun) {

    public CrewMemberView(String name, String state, Instant since, Instant until, String orderId) {
        this(name, state, since, until, orderId, false);
    }
}
