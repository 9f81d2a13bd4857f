package io.boxbox.gateway.tracking;

import java.util.Locale;

/** Why a fix was not relayed to anyone. Each is counted ({@code boxbox.gps.fixes.dropped}). */
public enum DropReason {
    /** Not JSON, a field missing or out of range, or a {@code driver_id} that is not the topic's driver. */
    MALFORMED,
    /** Taken too long ago (or in the future), or not after the device's previous fix. */
    STALE,
    /** Outside the area the drivers serve. */
    OUTSIDE_AREA,
    /** Farther from the device's previous fix than anyone rides in the time between, or a speed nobody rides. */
    IMPOSSIBLE_JUMP,
    /** From a driver who is not carrying that order. */
    UNASSIGNED,
    /** The relay was too far behind to take it ({@code boxbox.gps.lane-depth} fixes queued on its lane). */
    BACKLOG;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
