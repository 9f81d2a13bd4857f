package io.boxbox.chaos;

import java.time.Instant;

/**
 * A fault the run injected, and when: {@code kill -9} of a service ({@link Kind#KILL}, then a
 * restart) or a restart of the nats-server ({@link Kind#NATS_RESTART}). The audit uses the kills
 * to explain a pizza lost with the process that held it.
 */
public record Fault(Kind kind, String target, Instant at) {

    public enum Kind { KILL, NATS_RESTART }

    public static Fault kill(String service, Instant at) {
        return new Fault(Kind.KILL, service, at);
    }

    public static Fault natsRestart(Instant at) {
        return new Fault(Kind.NATS_RESTART, "nats-server", at);
    }

    @Override
    public String toString() {
        return (kind == Kind.KILL ? "kill -9 " : "restart ") + target + " at " + at;
    }
}
