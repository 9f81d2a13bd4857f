package io.boxbox.chaos;

import java.time.Instant;

/**
 * A fault the run injected, and when: {@code kill -9} of a service ({@link Kind#KILL}, then a
 * restart) or a restart of the nats-server ({@link Kind#NATS_RESTART}), from {@code at} until the
 * target was {@code back} (healthy again). The audit uses the kills to explain a pizza lost with
 * the process that held it, or asked for again because that process was down.
 */
public record Fault(Kind kind, String target, Instant at, Instant back) {

    public enum Kind { KILL, NATS_RESTART }

    public Fault {
        back = back == null ? at : back;
    }

    public static Fault kill(String service, Instant at) {
        return new Fault(Kind.KILL, service, at, at);
    }

    public static Fault natsRestart(Instant at) {
        return new Fault(Kind.NATS_RESTART, "nats-server", at, at);
    }

    /** The service of the target: {@code chef-sim} for its replica {@code chef-sim-2} as well. */
    String service() {
        return target.replaceFirst("-\\d+$", "");
    }

    /** The same fault, with the moment its target was healthy again. */
    public Fault backAt(Instant healthy) {
        return new Fault(kind, target, at, healthy);
    }

    /** Whether the target was down at some moment from {@code from} to {@code to}. */
    boolean downBetween(Instant from, Instant to) {
        return !at.isAfter(to) && !back.isBefore(from);
    }

    @Override
    public String toString() {
        return (kind == Kind.KILL ? "kill -9 " : "restart ") + target + " at " + at;
    }
}
