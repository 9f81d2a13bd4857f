package io.boxbox.pacchetto.grpc;

import io.boxbox.pacchetto.crew.AbsenceKind;
import io.boxbox.pacchetto.crew.Assignment;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How a kitchen service says "not now": UNAVAILABLE (nobody awake) or RESOURCE_EXHAUSTED (everyone
 * busy), with a wall-clock retry-after hint in the trailing metadata so callers wait just long enough,
 * and the kinds of absence (and overruns) of the people away as typed trailers, so a caller can tell
 * "asleep, oversleeping" without searching the description, which is for people.
 */
public final class Refusals {

    public static final Metadata.Key<String> RETRY_AFTER_MS =
            Metadata.Key.of("boxbox-retry-after-ms", Metadata.ASCII_STRING_MARSHALLER);
    /** One value per kind of absence of the people away ({@link AbsenceKind} names: ASLEEP, AT_LUNCH...). */
    public static final Metadata.Key<String> ABSENCE =
            Metadata.Key.of("boxbox-absence", Metadata.ASCII_STRING_MARSHALLER);
    /** One value per kind of absence somebody is overrunning this time (ASLEEP = oversleeping). */
    public static final Metadata.Key<String> OVERRUN =
            Metadata.Key.of("boxbox-overrun", Metadata.ASCII_STRING_MARSHALLER);

    private Refusals() {
    }

    /** One value per ingredient a kitchen is out of ("mozzarella"): the refusal is about stock, not people. */
    public static final Metadata.Key<String> OUT_OF_STOCK =
            Metadata.Key.of("boxbox-out-of-stock", Metadata.ASCII_STRING_MARSHALLER);
    /** When the supplier is expected back with it (ISO-8601 instant), when anyone knows. */
    public static final Metadata.Key<String> EXPECTED_BACK =
            Metadata.Key.of("boxbox-expected-back", Metadata.ASCII_STRING_MARSHALLER);

    /**
     * The kitchen cannot make it now because an ingredient ran out: FAILED_PRECONDITION (the
     * pantry, not the caller, must change), naming each missing ingredient and when it is
     * expected back. A caller waits for it (WAITING_FOR_STOCK) and never fails the order for it.
     */
    public static StatusRuntimeException outOfStock(List<String> ingredients, java.time.Instant expectedBack,
                                                    Duration retryAfter) {
        Metadata trailers = retryAfterTrailer(retryAfter);
        ingredients.forEach(i -> trailers.put(OUT_OF_STOCK, i));
        if (expectedBack != null) {
            trailers.put(EXPECTED_BACK, expectedBack.toString());
        }
        String description = "out of stock: " + String.join(", ", ingredients)
                + (expectedBack == null ? " (no delivery expected yet)" : " (the supplier is expected by " + expectedBack + ")");
        return Status.FAILED_PRECONDITION.withDescription(description).asRuntimeException(trailers);
    }

    /** The ingredients a refusal says are out of stock; empty for any other refusal. */
    public static List<String> missingStock(StatusRuntimeException refusal) {
        Metadata trailers = refusal.getTrailers();
        if (refusal.getStatus().getCode() != Status.Code.FAILED_PRECONDITION || trailers == null) {
            return List.of();
        }
        Iterable<String> values = trailers.getAll(OUT_OF_STOCK);
        List<String> names = new java.util.ArrayList<>();
        if (values != null) {
            values.forEach(names::add);
        }
        return List.copyOf(names);
    }

    public static boolean isOutOfStock(StatusRuntimeException refusal) {
        return !missingStock(refusal).isEmpty();
    }

    /** When an out-of-stock refusal says the ingredient is expected back. */
    public static Optional<java.time.Instant> expectedBack(StatusRuntimeException refusal) {
        Metadata trailers = refusal.getTrailers();
        if (trailers == null || trailers.get(EXPECTED_BACK) == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(java.time.Instant.parse(trailers.get(EXPECTED_BACK)));
        } catch (java.time.format.DateTimeParseException e) {
            return Optional.empty();
        }
    }

    public static StatusRuntimeException allBusy(String reason, Duration retryAfter) {
        return refuse(Status.RESOURCE_EXHAUSTED.withDescription(reason), retryAfter);
    }

    public static StatusRuntimeException nobodyAvailable(String reason, Duration retryAfter) {
        return refuse(Status.UNAVAILABLE.withDescription(reason), retryAfter);
    }

    /** A request interrupted while it waited for hands or a slot: the service is shutting down. */
    public static StatusRuntimeException closing(String service, String orderId, Duration retryAfter) {
        return nobodyAvailable(service + " is closing: order " + orderId + " not taken", retryAfter);
    }

    /** The status a crew's refusal becomes: nobody on duty is UNAVAILABLE, everyone busy RESOURCE_EXHAUSTED. */
    public static StatusRuntimeException from(Assignment.Refused refused) {
        Status status = refused.nobodyPresent() ? Status.UNAVAILABLE : Status.RESOURCE_EXHAUSTED;
        Metadata trailers = retryAfterTrailer(refused.retryAfter());
        refused.absences().stream().sorted().forEach(kind -> trailers.put(ABSENCE, kind.name()));
        refused.overruns().stream().sorted().forEach(kind -> trailers.put(OVERRUN, kind.name()));
        return status.withDescription(refused.reason()).asRuntimeException(trailers);
    }

    /** The kinds of absence a refusal names in its trailers, in a stable order; empty when nobody is away. */
    public static List<AbsenceKind> absences(StatusRuntimeException refusal) {
        return kinds(refusal, ABSENCE);
    }

    /** The kinds of absence somebody overruns, as the refusal's trailers name them. */
    public static List<AbsenceKind> overruns(StatusRuntimeException refusal) {
        return kinds(refusal, OVERRUN);
    }

    private static List<AbsenceKind> kinds(StatusRuntimeException refusal, Metadata.Key<String> key) {
        Metadata trailers = refusal.getTrailers();
        if (trailers == null || trailers.getAll(key) == null) {
            return List.of();
        }
        List<AbsenceKind> kinds = new ArrayList<>();
        for (String value : trailers.getAll(key)) {
            try {
                kinds.add(AbsenceKind.valueOf(value));
            } catch (IllegalArgumentException unknown) {
                // a newer service's kind this build does not know: not a reason to fail the wait
            }
        }
        return List.copyOf(kinds);
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
                || code == Status.Code.DEADLINE_EXCEEDED || code == Status.Code.ABORTED || isBrokenConnection(e);
    }

    /**
     * A connection that broke under a call (its replica was killed): grpc-java reports some of
     * these as UNKNOWN "channel closed", with the client's own I/O exception as the cause. A
     * service's own error never carries a cause across the wire, so an UNKNOWN without one stays
     * a failure.
     */
    private static boolean isBrokenConnection(StatusRuntimeException e) {
        return e.getStatus().getCode() == Status.Code.UNKNOWN && e.getStatus().getCause() instanceof IOException;
    }

    private static StatusRuntimeException refuse(Status status, Duration retryAfter) {
        return status.asRuntimeException(retryAfterTrailer(retryAfter));
    }

    private static Metadata retryAfterTrailer(Duration retryAfter) {
        Metadata trailers = new Metadata();
        trailers.put(RETRY_AFTER_MS, Long.toString(Math.max(0, retryAfter.toMillis())));
        return trailers;
    }
}
