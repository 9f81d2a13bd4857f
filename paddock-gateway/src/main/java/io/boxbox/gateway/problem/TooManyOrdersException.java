package io.boxbox.gateway.problem;

import java.time.Duration;

/** Ordering faster than the kitchen allows one person or one address: 429 with Retry-After. */
public final class TooManyOrdersException extends RuntimeException {

    private final Duration retryAfter;

    private TooManyOrdersException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    public static TooManyOrdersException fromPerson(String username, Duration retryAfter) {
        return new TooManyOrdersException(username + " is ordering too fast; try again in " + seconds(retryAfter) + " s",
                retryAfter);
    }

    public static TooManyOrdersException fromAddress(Duration retryAfter) {
        return new TooManyOrdersException("too many orders from your address, whatever the names on them; try again in "
                + seconds(retryAfter) + " s", retryAfter);
    }

    private static long seconds(Duration wait) {
        return Math.max(1, (wait.toMillis() + 999) / 1000);
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
