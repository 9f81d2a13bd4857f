package io.boxbox.gateway.number;

/**
 * A run of one day's counts that this gateway took from the shared counter in one compare-and-set:
 * {@code first..last}, handed out one by one. Not thread-safe: {@link OrderNumbers} holds it under
 * its turn.
 */
final class NumberLease {

    private final String day;
    private long next;
    private final long last;

    NumberLease(String day, long first, long last) {
        this.day = day;
        this.next = first;
        this.last = last;
    }

    /** A lease that issues nothing: the state before the first draw. */
    static NumberLease none() {
        return new NumberLease("", 1, 0);
    }

    /** Whether this run still has a count of {@code day}; a run of yesterday issues nothing today. */
    boolean canIssue(String day) {
        return this.day.equals(day) && next <= last;
    }

    long next() {
        if (next > last) {
            throw new IllegalStateException("the run of " + day + " ended at " + last);
        }
        return next++;
    }

    /**
     * Takes {@code count} back when it is the last one handed out of this run, so the next draw issues
     * it again; returns false (a gap) when a later count was handed out meanwhile or the run is another day's.
     */
    boolean giveBack(String day, long count) {
        if (this.day.equals(day) && count == next - 1) {
            next--;
            return true;
        }
        return false;
    }
}
