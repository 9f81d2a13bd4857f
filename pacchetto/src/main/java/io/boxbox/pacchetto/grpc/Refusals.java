package io.boxbox.pacchetto.grpc;

import io.boxbox.pacchetto.crew.Assignment;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

import java.time.Duration;
import java.util.Optional;

/**
 * How a kitchen service says "not now": UNAVAILABLE (nobody awake) or RESOURCE_EXHAUSTED (everyone
 * busy), with a wall-clock retry-after hint in the trailing metadata so callers wait just long enough.
 */
public final class Refusals {

    public static final Metadata.Key<String> RETRY_AFTER_MS =
            Metadata.Key.of("boxbox-retry-after-ms", Metadata.ASCII_STRING_MARSHALLER);

    private Refusals() {
    }

    public static StatusRuntimeException allBusy(String reason, Duration retryAfter) {
        return refuse(Status.RESOURCE_EXHAUSTED.withDescription(reason), retryAfter);
    }

    public static StatusRuntimeException nobodyAvailable(String reason, Duration retryAfter) {
        return refuse(Status.UNAVAILABLE.withDescription(reason), retryAfter);
    }

    /** The status a crew's refusal becomes: nobody on duty is UNAVAILABLE, everyone busy RESOURCE_EXHAUSTED. */
    public static StatusRuntimeException from(Assignment.Refused refused) {
        return refused.nobodyPresent()
                ? nobodyAvailable(refused.reason(), refused.retryAfter())
                : allBusy(refused.reason(), refused.retryAfter());
    }

    /** The server's hint, if it gave one. */
    public static Optional<Duration> retryAfter(StatusRuntimeException refusal) {
        Metadata trailers = refusal.getTrailers();
        if (trailers == null || trailers.get(RETRY_AFTER_MS) == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Duration.ofMillis(Long.parseLong(trailers.get(RETRY_AFTER_MS))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Whether the refusal means "try again later" rather than "this will never work". */
    public static boolean isTemporary(StatusRuntimeException e) {
        Status.Code code = e.getStatus().getCode();
        return code == Status.Code.UNAVAILABLE || code == Status.Code.RESOURCE_EXHAUSTED
                || code == Status.Code.DEADLINE_EXCEEDED || code == Status.Code.ABORTED;
    }

    private static StatusRuntimeException refuse(Status status, Duration retryAfter) {
        Metadata trailers = new Metadata();
        trailers.put(RETRY_AFTER_MS, Long.toString(Math.max(0, retryAfter.toMillis())));
        return status.asRuntimeException(trailers);
    }
}
