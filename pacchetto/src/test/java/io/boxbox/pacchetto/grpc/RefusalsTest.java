package io.boxbox.pacchetto.grpc;

import io.boxbox.pacchetto.crew.AbsenceKind;
import io.boxbox.pacchetto.crew.Assignment;
import io.boxbox.pacchetto.crew.Crew;
import io.boxbox.pacchetto.crew.CrewListener;
import io.boxbox.pacchetto.crew.Routine;
import io.boxbox.pacchetto.sim.Chance;
import io.boxbox.pacchetto.sim.RandomSource;
import io.boxbox.pacchetto.sim.TimeScale;
import io.boxbox.pacchetto.testing.ManualClock;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A crew's refusal says who is away, and who overruns, in typed trailers a caller can read. */
class RefusalsTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-09-06T12:00:00Z"));

    @Test
    void anOversleepingCrewIsRefusedWithTheAbsenceAndTheOverrunAsTypedTrailers() {
        Routine alwaysOversleeping = new Routine(AbsenceKind.ASLEEP, Duration.ofSeconds(60), Duration.ofSeconds(20),
                () -> Chance.of(1));
        Crew crew = Crew.staff("panettiere", List.of("Gino"), 1, alwaysOversleeping, null, new RandomSource(42),
                new TimeScale(1), clock, CrewListener.NONE);
        for (int second = 0; second < 120 && crew.anyonePresent(); second++) {
            clock.advance(Duration.ofSeconds(1)); // until Gino's first nap (due after 30–90 s)
        }

        Assignment.Refused refused = assertInstanceOf(Assignment.Refused.class, crew.assign("order-1", Duration.ofSeconds(1)));
        StatusRuntimeException status = Refusals.from(refused);

        assertEquals(Status.Code.UNAVAILABLE, status.getStatus().getCode());
        assertEquals(List.of(AbsenceKind.ASLEEP), Refusals.absences(status));
        assertEquals(List.of(AbsenceKind.ASLEEP), Refusals.overruns(status));
        assertTrue(Refusals.retryAfter(status).orElseThrow().isPositive());
    }

    @Test
    void aBusyCrewNamesNoAbsence() {
        Crew crew = Crew.staff("chef-sim", List.of("Massimo"), 1, null, null, new RandomSource(42), new TimeScale(1), clock,
                CrewListener.NONE);
        crew.assign("order-1", Duration.ofSeconds(1));

        StatusRuntimeException status = Refusals.from(
                assertInstanceOf(Assignment.Refused.class, crew.assign("order-2", Duration.ofSeconds(1))));

        assertEquals(Status.Code.RESOURCE_EXHAUSTED, status.getStatus().getCode());
        assertEquals(List.of(), Refusals.absences(status));
        assertEquals(List.of(), Refusals.overruns(status));
    }

    /** A replica killed mid-call: grpc-java reports the broken connection as UNKNOWN "channel closed". */
    @Test
    void aConnectionThatBrokeMidCallIsTemporaryButAnUnknownErrorOfTheServiceIsNot() {
        StatusRuntimeException broken = Status.UNKNOWN.withDescription("channel closed")
                .withCause(new ClosedChannelException()).asRuntimeException();
        StatusRuntimeException reset = Status.UNKNOWN.withCause(new IOException("Connection reset by peer"))
                .asRuntimeException();
        StatusRuntimeException bug = Status.UNKNOWN.withDescription("NullPointerException in the oven").asRuntimeException();

        assertTrue(Refusals.isTemporary(broken), "a closed channel: the call goes to another replica");
        assertTrue(Refusals.isTemporary(reset), "a reset connection: the call goes to another replica");
        assertFalse(Refusals.isTemporary(bug), "the service's own error stays a failure");
    }
}
