package io.boxbox.chaos;

import java.util.List;

/**
 * One thing the audit found wrong with one order, with the order's whole record so a reader can
 * see why without looking anything up.
 */
public record Finding(Kind kind, String orderId, String message, List<RecordedEvent> history) {

    /** Every way an accepted order can break the promise "ends exactly once". */
    public enum Kind {
        /** The load client got a 202 for it, but the stream holds no event of it. */
        MISSING,
        /** No end event within the run's patience. */
        NEVER_ENDED,
        /** More than one end event. */
        ENDED_TWICE,
        /** Events recorded after the end event. */
        END_NOT_LAST,
        /** OUT_FOR_DELIVERY with two different drivers. */
        TWO_DRIVERS,
        /** OUT_FOR_DELIVERY more than once with the same driver. */
        DISPATCHED_TWICE,
        /** A state ranked earlier in the lifecycle than one already recorded (REMAKING aside). */
        STATE_BACK,
        /** A second dough or topping with neither a burnt pizza nor a kill of the process that held it before it. */
        REMADE_UNEXPLAINED,
        /** FAILED (or CANCELLED) with no fault injected on purpose to cause it. */
        UNEXPECTED_END,
        /** A state name the lifecycle does not know. */
        UNKNOWN_STATE
    }

    /** The one line of the audit's listing. */
    String line() {
        return kind + " " + orderId + ": " + message;
    }
}
