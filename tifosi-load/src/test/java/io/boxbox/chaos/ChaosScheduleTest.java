package io.boxbox.chaos;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChaosScheduleTest {

    private static final Duration WINDOW = Duration.ofMinutes(2);

    @Test
    void everyKindOfServiceIsKilledOnceAndNatsRestartedTwice() {
        List<ChaosSchedule.Strike> plan = ChaosSchedule.plan(7, WINDOW);
        assertEquals(ChaosSchedule.VICTIMS.stream().sorted().toList(), plan.stream()
                .filter(s -> s.kind() == Fault.Kind.KILL).map(ChaosSchedule.Strike::target).sorted().toList());
        assertEquals(2, plan.stream().filter(s -> s.kind() == Fault.Kind.NATS_RESTART).count());
    }

    @Test
    void theStrikesAreInsideTheWindowInOrderAndApart() {
        List<ChaosSchedule.Strike> plan = ChaosSchedule.plan(42, WINDOW);
        Duration slot = WINDOW.dividedBy(plan.size());
        for (int i = 0; i < plan.size(); i++) {
            assertTrue(plan.get(i).after().compareTo(WINDOW) < 0, plan.toString());
            if (i > 0) {
                assertTrue(plan.get(i).after().minus(plan.get(i - 1).after()).compareTo(slot.dividedBy(2)) >= 0,
                        "at least half a slot between strikes: " + plan);
            }
        }
    }

    @Test
    void theSameSeedGivesTheSameScheduleAndAnotherSeedAnother() {
        assertEquals(ChaosSchedule.plan(7, WINDOW), ChaosSchedule.plan(7, WINDOW));
        assertNotEquals(ChaosSchedule.plan(7, WINDOW), ChaosSchedule.plan(8, WINDOW));
    }
}
