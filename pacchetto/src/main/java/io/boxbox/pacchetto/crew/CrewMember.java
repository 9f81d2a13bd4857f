package io.boxbox.pacchetto.crew;

import java.time.Instant;

/** One simulated person. Guarded by the owning {@link Crew}'s lock. */
public final class CrewMember {

    private final String name;
    private String orderId;
    private Instant since;

    CrewMember(String name, Instant since) {
        this.name = name;
        this.since = since;
    }

    public String name() {
        return name;
    }

    boolean isIdle() {
        return orderId == null;
    }

    void startWorking(String order, Instant at) {
        this.orderId = order;
        this.since = at;
    }

    void finishWorking(Instant at) {
        this.orderId = null;
        this.since = at;
    }

    Crew.CrewMemberView view() {
        return new Crew.CrewMemberView(name, orderId == null ? "IDLE" : "WORKING", since, null, orderId);
    }
}
