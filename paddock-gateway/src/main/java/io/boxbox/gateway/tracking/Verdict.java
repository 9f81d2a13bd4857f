package io.boxbox.gateway.tracking;

import io.boxbox.pacchetto.gps.LocationFix;

/** The scrutineer's word on one fix. */
public sealed interface Verdict {

    /** A well-formed, plausible fix from the device named by its topic. */
    record Passed(LocationFix fix) implements Verdict {
    }

    /** Dropped, with the reason counted and the detail logged; {@code orderId} when it could be read. */
    record Refused(DropReason reason, String detail, String device, String orderId) implements Verdict {
    }
}
