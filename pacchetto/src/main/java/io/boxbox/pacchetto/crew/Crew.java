package io.boxbox.pacchetto.crew;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The people on shift in one service. A job goes to the first idle person; when nobody is idle
 * the caller gets nothing and tells its client to come back later.
 */
public final class Crew {

    private final List<CrewMember> members;
    private final Clock clock;

    public Crew(List<String> names, Clock clock) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("a crew needs at least one person");
        }
        this.clock = clock;
        this.members = names.stream().map(name -> new CrewMember(name, clock.instant())).toList();
    }

    /** Hands the order to an idle person, or returns empty when everyone is busy. */
    public synchronized Optional<CrewMember> assign(String orderId) {
        for (CrewMember member : members) {
            if (member.isIdle()) {
                member.startWorking(orderId, clock.instant());
                return Optional.of(member);
            }
        }
        return Optional.empty();
    }

    public synchronized void release(CrewMember member) {
        member.finishWorking(clock.instant());
    }

    public synchronized List<CrewMemberView> roster() {
        List<CrewMemberView> views = new ArrayList<>();
        members.forEach(member -> views.add(member.view()));
        return views;
    }

    public int size() {
        return members.size();
    }

    /** A snapshot of one person, safe to hand out. */
    public record CrewMemberView(String name, String state, Instant since, Instant until, String orderId) {
    }
}
