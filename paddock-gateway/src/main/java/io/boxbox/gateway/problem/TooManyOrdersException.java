package io.boxbox.gateway.problem;

import java.time.Duration;

/** One person ordering faster than the kitchen allows per person: 429 with Retry-After. */
public final class TooManyOrdersException extends RuntimeException {

    private final Duration retryAfter;

    public TooManyOrdersException(String username, Duration retryAfter) {
        super(username + " is ordering too fast; try again in " + Math.max(1, retryAfter.toSeconds()) + " s");
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
