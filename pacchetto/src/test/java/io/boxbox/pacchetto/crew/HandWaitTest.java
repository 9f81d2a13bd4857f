package io.boxbox.pacchetto.crew;

import io.boxbox.pacchetto.sim.RandomSource;
import io.boxbox.pacchetto.sim.SimClock;
import io.boxbox.pacchetto.sim.TimeScale;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A busy crew lets a request wait for free hands (the hand-wait) instead of refusing it at once;
 * a crew all away still refuses at once, and a wait that runs out is the busy refusal.
 */
class HandWaitTest {

    private static final Duration HINT = Duration.ofMillis(20);
    private final SimClock sim = new SimClock(new TimeScale(0), Clock.systemUTC());

    private Crew oneBaker() {
        return Crew.staff("panettiere", List.of("Gino"), 1, null, null, new RandomSource(42), new TimeScale(1),
                Clock.systemUTC(), new CrewObserver("panettiere"));
    }

    @Test
    void aRequestToABusyCrewIsTakenOnceHandsComeFree() throws Exception {
        Crew crew = oneBaker();
        CrewMember gino = ((Assignment.Taken) crew.assign("order-1", HINT)).member();
        CompletableFuture<Assignment> second = new CompletableFuture<>();
        Thread waiter = Thread.ofVirtual().start(() -> {
            try {
                second.complete(crew.assign("order-2", HINT, Duration.ofMinutes(5), sim));
            } catch (Throwable e) {
                second.completeExceptionally(e);
            }
        });
        while (waiter.getState() != Thread.State.TIMED_WAITING && !second.isDone()) {
            Thread.onSpinWait();
        }
        assertFalse(second.isDone(), "Gino is still kneading order-1: order-2 waits");

        crew.release(gino, "order-1");

        Assignment taken = second.get(1, TimeUnit.MINUTES);
        assertInstanceOf(Assignment.Taken.class, taken);
        assertEquals("Gino", ((Assignment.Taken) taken).member().name());
    }

    @Test
    void aWaitThatRunsOutIsRefusedAsBusy() throws Exception {
        Crew crew = oneBaker();
        crew.assign("order-1", HINT);

        Assignment refused = crew.assign("order-2", HINT, Duration.ofMillis(10), sim);

        assertInstanceOf(Assignment.Refused.class, refused);
        assertFalse(((Assignment.Refused) refused).nobodyPresent(), "everyone is busy, not away");
    }

    @Test
    void aCrewAllAwayIsRefusedWithoutWaiting() throws Exception {
        Crew crew = oneBaker();
        crew.force(Optional.empty(), AbsenceKind.ASLEEP, Duration.ofHours(1));

        CompletableFuture<Assignment> asked = CompletableFuture.supplyAsync(() -> {
            try {
                return crew.assign("order-1", HINT, Duration.ofDays(1), sim);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });

        // A day's hand-wait would never finish within the minute: nobody present is refused at once.
        Assignment refused = asked.get(1, TimeUnit.MINUTES);
        assertTrue(((Assignment.Refused) refused).nobodyPresent());
    }
}
