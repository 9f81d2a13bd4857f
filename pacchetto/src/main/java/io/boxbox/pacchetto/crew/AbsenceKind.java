package io.boxbox.pacchetto.crew;

/** Why a person is not at their station; the names are what {@code /v1/staff} shows. */
public enum AbsenceKind {
    ASLEEP("sleep", "oversleep"),
    AT_LUNCH("lunch", "overlunch"),
    SMOKING("smoke", "oversmoke"),
    ON_BREAK("break", "overbreak"),
    OFFLINE("offline", "offline");

    private final String event;
    private final String overrunEvent;

    AbsenceKind(String event, String overrunEvent) {
        this.event = event;
        this.overrunEvent = overrunEvent;
    }

    /** The behaviour's name in metrics and traces: sleep, lunch, smoke, break. */
    public String event() {
        return event;
    }

    /** The name of taking too long at it: oversleep, oversmoke, ... */
    public String overrunEvent() {
        return overrunEvent;
    }
}
