package io.boxbox.maestro.kitchen;

import io.boxbox.pacchetto.grpc.Refusals;
import io.grpc.StatusRuntimeException;
import jakarta.inject.Singleton;

import java.time.Duration;

/**
 * How long the maestro waits after a kitchen service said "not now": the service's own
 * retry-after hint when it gave one, otherwise exponential back-off; never less than a blink,
 * never more than a few seconds, so a freed person is noticed quickly.
 */
@Singleton
public class Patience {

    static final Duration MIN = Duration.ofMillis(20);
    static final Duration MAX = Duration.ofSeconds(5);

    public Duration afterRefusal(StatusRuntimeException refusal, int refusalsSoFar) {
        Duration wait = Refusals.retryAfter(refusal)
                .orElseGet(() -> Duration.ofMillis(100L << Math.min(refusalsSoFar, 6)));
        if (wait.compareTo(MIN) < 0) {
            return MIN;
        }
        return wait.compareTo(MAX) > 0 ? MAX : wait;
    }
}
