package io.boxbox.pacchetto.crew;

import io.boxbox.pacchetto.sim.RandomSource;
import io.boxbox.pacchetto.sim.SimClock;
import io.boxbox.pacchetto.sim.TimeScale;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The people on shift in one service instance. A job goes to the first person present with room
 * for it; when nobody can take it the caller learns whether everyone is away (and until when) or
 * merely busy, so it can tell its client how long to wait.
 */
public final class Crew {

    private final String service;
    private final List<CrewMember> members;
    private final Clock clock;
    private final CrewListener listener;
    /** Told whenever somebody leaves or comes back (see {@link #onAbsenceChange}). */
    private final List<Runnable> absenceWatchers = new CopyOnWriteArrayList<>();

    private Crew(String service, List<CrewMember> members, Clock clock, CrewListener listener) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException(service + " needs at least one person on shift");
        }
        this.service = service;
        this.members = List.copyOf(members);
        this.clock = clock;
        this.listener = new WatchedListener(listener, absenceWatchers);
    }

    /** Staffs a crew: one member per name, each with the same routine and their own random stream. */
    public static Crew staff(String service, List<String> names, int jobsEach, Routine routine, Routine afterEachJob,
                             RandomSource randomness, TimeScale scale, Clock clock, CrewListener listener) {
        Instant start = clock.instant();
        List<CrewMember> members = new ArrayList<>();
        for (String name : names) {
            members.add(new CrewMember(name, jobsEach, routine, afterEachJob, randomness.stream(service, name, "routine"),
                    randomness.stream(service, name, "work"), scale, start));
        }
        return new Crew(service, members, clock, listener);
    }

    public String service() {
        return service;
    }

    public synchronized Assignment assign(String orderId, Duration busyRetryHint) {
        Instant now = catchUp();
        for (CrewMember member : members) {
            if (member.canTakeJob()) {
                member.startJob(orderId, now);
                return new Assignment.Taken(member);
            }
        }
        boolean nobodyPresent = members.stream().allMatch(CrewMember::isAway);
        if (nobodyPresent) {
            Instant firstBack = members.stream().map(CrewMember::backAt).flatMap(Optional::stream)
                    .min(Instant::compareTo).orElse(now);
            Set<AbsenceKind> absences = EnumSet.noneOf(AbsenceKind.class);
            Set<AbsenceKind> overruns = EnumSet.noneOf(AbsenceKind.class);
            members.forEach(member -> member.absence().ifPresent(away -> {
                absences.add(away.kind());
                if (away.overrun()) {
                    overruns.add(away.kind());
                }
            }));
            return new Assignment.Refused(true, Duration.between(now, firstBack), describeAbsences(), absences, overruns);
        }
        return new Assignment.Refused(false, busyRetryHint, "everyone on duty at " + service + " is busy", Set.of(), Set.of());
    }

    /**
     * The same, but when everyone present is busy the caller waits up to {@code handWait} (real
     * time, through {@code sim}) for a pair of hands to come free, instead of being refused at once
     * and asking again: at full speed a job takes a millisecond or two, so a refusal, the caller's
     * pause and its second call cost more than the wait. Nobody present (all asleep, at lunch)
     * is refused at once, as is a wait that ran out.
     */
    public synchronized Assignment assign(String orderId, Duration busyRetryHint, Duration handWait, SimClock sim)
            throws InterruptedException {
        Duration left = handWait;
        while (true) {
            Assignment assignment = assign(orderId, busyRetryHint);
            if (assignment instanceof Assignment.Refused refused && !refused.nobodyPresent() && left.isPositive()) {
                left = sim.waitWallClock(this, left);
                continue;
            }
            return assignment;
        }
    }

    public synchronized void release(CrewMember member, String orderId) {
        member.finishJob(orderId, clock.instant(), listener);
        // One pair of hands came free: one waiter takes it (a waiter never leaves a free hand behind,
        // it asks the crew again after every wake-up).
        notify();
    }

    /**
     * Holds a place for a job whose id is not known yet (the maestro holds one before each fetch):
     * the person counts it as a job, so no break starts while it is held, but it shows nowhere.
     */
    public synchronized Optional<CrewMember> hold() {
        catchUp();
        for (CrewMember member : members) {
            if (member.canTakeJob()) {
                member.hold();
                return Optional.of(member);
            }
        }
        return Optional.empty();
    }

    /** The place held with {@code member} becomes the job {@code orderId}. */
    public synchronized void fill(CrewMember member, String orderId) {
        member.fill(orderId, clock.instant());
    }

    /**
     * Gives back a held place that no job filled: no work was done, so no after-job routine (no
     * smoke) follows; a break that fell due meanwhile starts now.
     */
    public synchronized void unhold(CrewMember member) {
        member.unhold(clock.instant(), listener);
        notify();
    }

    /** Fault injection: sends one person (or, with {@code person} empty, everyone) away. Returns who went. */
    public synchronized List<String> force(Optional<String> person, AbsenceKind kind, Duration simulated) {
        Instant now = catchUp();
        List<String> sent = new ArrayList<>();
        for (CrewMember member : members) {
            if (person.isEmpty() || person.get().equalsIgnoreCase(member.name())) {
                member.force(kind, simulated, now, listener);
                sent.add(member.name());
            }
        }
        return sent;
    }

    /** Whether at least one person is at their station (busy or not): the service's health. */
    public synchronized boolean anyonePresent() {
        catchUp();
        return members.stream().anyMatch(m -> !m.isAway());
    }

    /** How many more jobs the people present could take right now. */
    public synchronized int room() {
        catchUp();
        return members.stream().mapToInt(CrewMember::room).sum();
    }

    /**
     * Runs {@code watcher} whenever an absence starts or ends, with the crew's lock held: it must
     * only hand the news on (e.g. schedule a health check), never call the crew back. With
     * {@link #nextChange} it lets a reporter follow who is present without looking ten times a second.
     */
    public void onAbsenceChange(Runnable watcher) {
        absenceWatchers.add(watcher);
    }

    /**
     * The earliest instant at which somebody's presence changes by the clock alone: an absence ends,
     * or a break falls due for a person whose hands are empty. Empty when nothing is due by the
     * clock (no routine, or a break waits for busy hands: it starts when they finish a job, which
     * {@link #onAbsenceChange} tells). Looking at the crew at that instant plays the change.
     */
    public synchronized Optional<Instant> nextChange() {
        catchUp();
        return members.stream().map(CrewMember::nextChange).flatMap(Optional::stream).min(Instant::compareTo);
    }

    /** How long from now, on the crew's own clock, until {@link #nextChange} (zero when it is due already). */
    public synchronized Optional<Duration> untilNextChange() {
        Instant now = clock.instant();
        return nextChange().map(at -> at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
    }

    /** When the first absent person is back, if anyone is away. */
    public synchronized Optional<Instant> firstBack() {
        catchUp();
        return members.stream().map(CrewMember::backAt).flatMap(Optional::stream).min(Instant::compareTo);
    }

    public synchronized List<CrewMemberView> roster() {
        catchUp();
        return members.stream().map(CrewMember::view).toList();
    }

    private Instant catchUp() {
        Instant now = clock.instant();
        members.forEach(member -> member.catchUp(now, listener));
        return now;
    }

    private String describeAbsences() {
        StringBuilder why = new StringBuilder("nobody on duty at ").append(service).append(":");
        for (CrewMember member : members) {
            why.append(' ').append(member.whereabouts()).append(';');
        }
        return why.substring(0, why.length() - 1);
    }

    /** The crew's listener, then every absence watcher. */
    private record WatchedListener(CrewListener delegate, List<Runnable> watchers) implements CrewListener {

        @Override
        public void absenceStarted(String person, AbsenceKind kind, Instant from, Instant until, boolean overrun,
                                   boolean forced) {
            delegate.absenceStarted(person, kind, from, until, overrun, forced);
            watchers.forEach(Runnable::run);
        }

        @Override
        public void absenceEnded(String person, AbsenceKind kind, Duration lasted, boolean overrun) {
            delegate.absenceEnded(person, kind, lasted, overrun);
            watchers.forEach(Runnable::run);
        }
    }
}
