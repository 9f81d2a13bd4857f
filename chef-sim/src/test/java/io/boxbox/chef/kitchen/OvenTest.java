package io.boxbox.chef.kitchen;

import io.boxbox.pacchetto.sim.SimClock;
import io.boxbox.pacchetto.sim.TimeScale;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A full oven lets a pizza wait for a slot (the hand-wait) instead of refusing it at once. */
class OvenTest {

    private final SimClock clock = new SimClock(new TimeScale(0), Clock.systemUTC());
    private final Oven oven = new Oven(new KitchenSettings(List.of("Massimo"), Duration.ZERO, 1,
            new KitchenSettings.BakeTimes(Duration.ZERO, Duration.ZERO, Duration.ZERO), 1, 1, Duration.ZERO,
            Duration.ZERO, 0));

    @Test
    void aPizzaWaitingForAFullOvenGetsTheSlotTakenOut() throws Exception {
        Oven.Slot baking = oven.reserve().orElseThrow();
        CompletableFuture<Optional<Oven.Slot>> next = new CompletableFuture<>();
        Thread waiter = Thread.ofVirtual().start(() -> {
            try {
                next.complete(oven.reserve(Duration.ofMinutes(5), clock));
            } catch (Throwable e) {
                next.completeExceptionally(e);
            }
        });
        while (waiter.getState() != Thread.State.TIMED_WAITING && !next.isDone()) {
            Thread.onSpinWait();
        }
        assertFalse(next.isDone(), "the oven is full: the next pizza waits");

        baking.free();

        assertTrue(next.get(1, TimeUnit.MINUTES).isPresent());
    }

    @Test
    void aWaitThatRunsOutFindsTheOvenFull() throws Exception {
        oven.reserve().orElseThrow();
        assertTrue(oven.reserve(Duration.ofMillis(10), clock).isEmpty());
    }
}
