package io.boxbox.pacchetto.pantry;

import io.boxbox.pacchetto.grpc.Refusals;
import io.grpc.StatusRuntimeException;

import java.time.Duration;
import java.time.Instant;

/** How a kitchen service refuses a job its pantry cannot supply: the typed out-of-stock refusal. */
public final class OutOfStock {

    /** Asked again this often when nobody knows yet when the supplier comes (wall-clock). */
    static final Duration UNKNOWN_RETRY = Duration.ofSeconds(1);
    /** Never sooner than this, even when the supplier is due now. */
    static final Duration SHORTEST_RETRY = Duration.ofMillis(100);

    private OutOfStock() {
    }

    /**
     * FAILED_PRECONDITION naming the missing ingredients and when the supplier is expected; the
     * retry-after is the time until then (the caller may come back once the truck is in), or a
     * second when no truck is on its way yet.
     */
    public static StatusRuntimeException refusal(Take.Short shortOf, Instant now) {
        Duration retry = shortOf.expectedBack() == null ? UNKNOWN_RETRY : Duration.between(now, shortOf.expectedBack());
        if (retry.compareTo(SHORTEST_RETRY) < 0) {
            retry = SHORTEST_RETRY;
        }
        return Refusals.outOfStock(shortOf.missing(), shortOf.expectedBack(), retry);
    }
}
