package io.boxbox.pacchetto.crew;

import io.boxbox.pacchetto.sim.Chance;
import io.boxbox.pacchetto.sim.TimeScale;
import io.boxbox.pacchetto.sim.Variance;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * One simulated person. Their day is evaluated lazily from the clock: whenever the crew looks at
 * them, {@link #catchUp} plays every break that fell due since, in order, so the outcome depends
 * only on the clock and their own random stream, never on how often somebody asked.
 * A due break waits until the hands are empty (the panettiere finishes the current dough first).
 * Guarded by the owning {@link Crew}'s lock.
 */
public final class CrewMember {

    private final String name;
    private final int capacity;
    private final Routine routine;
    private final Routine afterEachJob;
    private final RandomGenerator random;
    private final RandomGenerator workRandom;
    private final TimeScale scale;

    private final Set<String> jobs = new LinkedHashSet<>();
    /** Places held for jobs not known yet (see {@link Crew#hold}). */
    private int held;
    private Absence absence;
    private PendingAbsence pending;
    private Instant nextBreakAt;
    private Instant since;

    CrewMember(String name, int capacity, Routine routine, Routine afterEachJob, RandomGenerator random,
               RandomGenerator workRandom, TimeScale scale, Instant start) {
        if (capacity < 1) {
            throw new IllegalArgumentException(name + " must be able to hold at least one job");
        }
        this.name = name;
        this.capacity = capacity;
        this.routine = routine;
        this.afterEachJob = afterEachJob;
        this.random = random;
        this.workRandom = workRandom;
        this.scale = scale;
        this.since = start;
        // Stagger first breaks so a crew does not all fall asleep in the same second.
        this.nextBreakAt = hasRoutine() ? start.plus(wall(routine.every()).multipliedBy(50 + random.nextInt(101)).dividedBy(100)) : null;
    }

    public String name() {
        return name;
    }

    /** How long this person takes for one piece of work, drawn from their own random stream. */
    public Duration timeFor(Variance work) {
        synchronized (workRandom) {
            return work.draw(workRandom);
        }
    }

    /** Whether this person's mishap of the given odds happens this time. */
    public boolean suffers(Chance chance) {
        synchronized (workRandom) {
            return chance.happens(workRandom);
        }
    }

    /** Plays every absence that started or ended up to {@code now}. */
    void catchUp(Instant now, CrewListener listener) {
        while (true) {
            if (absence != null) {
                if (now.isBefore(absence.until())) {
                    return;
                }
                endAbsence(listener);
                continue;
            }
            if (pending == null && hasRoutine() && !now.isBefore(nextBreakAt)) {
                pending = draw(routine, nextBreakAt);
            }
            if (pending == null || !jobs.isEmpty() || held > 0) {
                return;
            }
            Instant start = pending.dueAt().isAfter(since) ? pending.dueAt() : since;
            if (start.isAfter(now)) {
                return;
            }
            PendingAbsence due = pending;
            pending = null;
            startAbsence(due, start, listener);
        }
    }

    /**
     * When this person's presence next changes by the clock alone (see {@link Crew#nextChange}):
     * back from an absence, or the start of a break with empty hands. A break waiting for busy
     * hands has no such time: it starts when the last job is finished.
     */
    Optional<Instant> nextChange() {
        if (absence != null) {
            return Optional.of(absence.until());
        }
        if (pending != null) {
            if (!jobs.isEmpty() || held > 0) {
                return Optional.empty();
            }
            return Optional.of(pending.dueAt().isAfter(since) ? pending.dueAt() : since);
        }
        return hasRoutine() ? Optional.ofNullable(nextBreakAt) : Optional.empty();
    }

    boolean canTakeJob() {
        return absence == null && pending == null && jobs.size() + held < capacity;
    }

    int room() {
        return canTakeJob() ? capacity - jobs.size() - held : 0;
    }

    boolean isAway() {
        return absence != null;
    }

    Optional<Absence> absence() {
        return Optional.ofNullable(absence);
    }

    Optional<Instant> backAt() {
        return absence == null ? Optional.empty() : Optional.of(absence.until());
    }

    void startJob(String orderId, Instant now) {
        if (jobs.isEmpty()) {
            since = now;
        }
        jobs.add(orderId);
    }

    void finishJob(String orderId, Instant now, CrewListener listener) {
        jobs.remove(orderId);
        if (jobs.isEmpty()) {
            since = now;
        }
        if (afterEachJob != null && absence == null && !wall(afterEachJob.lasts()).isZero()) {
            // The maestro's smoke does not wait for the other orders in flight: those are in the kitchen's hands.
            startAbsence(draw(afterEachJob, now), now, listener);
        }
        catchUp(now, listener);
    }

    void hold() {
        held++;
    }

    void fill(String orderId, Instant now) {
        held--;
        startJob(orderId, now);
    }

    void unhold(Instant now, CrewListener listener) {
        held--;
        if (jobs.isEmpty() && held == 0 && (pending != null || (hasRoutine() && !now.isBefore(nextBreakAt)))) {
            // A break that fell due while the place was held starts now, not back when it fell due.
            since = now;
        }
        catchUp(now, listener);
    }

    /** Sends the person away now, or as soon as their hands are empty. */
    void force(AbsenceKind kind, Duration simulated, Instant now, CrewListener listener) {
        if (absence != null) {
            endAbsence(listener);
        }
        pending = new PendingAbsence(kind, now, wall(simulated), false, true);
        catchUp(now, listener);
    }

    /** "Gino asleep until 12:01:05Z (oversleeping)": what a waiting customer is told. */
    String whereabouts() {
        CrewMemberView view = view();
        StringBuilder where = new StringBuilder(name).append(' ')
                .append(view.state().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
        if (view.until() != null) {
            where.append(" until ").append(view.until());
        }
        if (absence != null && absence.overrun()) {
            where.append(" (").append(absence.kind().overrunEvent()).append(')');
        }
        return where.toString();
    }

    CrewMemberView view() {
        String firstJob = jobs.isEmpty() ? null : jobs.iterator().next();
        if (absence != null) {
            return new CrewMemberView(name, absence.kind().name(), absence.since(), absence.until(), firstJob, absence.overrun());
        }
        return new CrewMemberView(name, jobs.isEmpty() ? "IDLE" : "WORKING", since, null, firstJob);
    }

    private boolean hasRoutine() {
        return routine != null && routine.isActive() && !scale.wallClock(routine.every()).isZero()
                && !scale.wallClock(routine.lasts()).isZero();
    }

    private PendingAbsence draw(Routine source, Instant dueAt) {
        boolean overrun = source.overrun().get().happens(random);
        Duration lasts = wall(source.lasts());
        return new PendingAbsence(source.kind(), dueAt, overrun ? lasts.multipliedBy(2) : lasts, overrun, false);
    }

    private void startAbsence(PendingAbsence due, Instant start, CrewListener listener) {
        absence = new Absence(due.kind(), start, start.plus(due.wallDuration()), due.overrun());
        listener.absenceStarted(name, due.kind(), start, absence.until(), due.overrun(), due.forced());
    }

    private void endAbsence(CrewListener listener) {
        Absence ended = absence;
        absence = null;
        since = ended.until();
        if (hasRoutine() && ended.kind() == routine.kind()) {
            nextBreakAt = ended.until().plus(wall(routine.every()));
        }
        listener.absenceEnded(name, ended.kind(), Duration.between(ended.since(), ended.until()), ended.overrun());
    }

    private Duration wall(Duration simulated) {
        return scale.wallClock(simulated);
    }
}
