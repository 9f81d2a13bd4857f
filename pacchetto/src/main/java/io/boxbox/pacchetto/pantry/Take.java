package io.boxbox.pacchetto.pantry;

import java.time.Instant;
import java.util.List;

/** What a take from the pantry came to: everything asked for, or nothing and what was short. */
public sealed interface Take {

    /** Every ingredient asked for is off its shelf and in the taker's hands. */
    record Taken(List<String> ingredients) implements Take {
    }

    /**
     * Nothing was taken (what had been taken before the short one was put back). {@code expectedBack}
     * is the earliest time the supplier said they would be back with one of the missing ingredients,
     * null when nobody is on the way yet.
     */
    record Short(List<String> missing, Instant expectedBack) implements Take {
    }
}
