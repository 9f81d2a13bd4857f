package io.boxbox.gateway.tracking;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RelayLanesTest {

    @Test
    void eachKeysWorkRunsInTheOrderItCame() throws Exception {
        Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
        try (RelayLanes lanes = new RelayLanes(4, 10_000)) {
            for (int i = 0; i < 2_000; i++) {
                int n = i;
                String device = "boxbox/drivers/d" + (i % 37) + "/location";
                assertTrue(lanes.submit(device, () -> seen.computeIfAbsent(device, d -> Collections.synchronizedList(new ArrayList<>())).add(n)));
            }
        }
        assertEquals(37, seen.size());
        seen.values().forEach(list -> {
            List<Integer> sorted = new ArrayList<>(list);
            Collections.sort(sorted);
            assertEquals(sorted, list, "one device's fixes were handled out of order");
        });
        assertEquals(2_000, seen.values().stream().mapToInt(List::size).sum());
    }

    @Test
    void anotherLaneGoesOnWhileOneIsHeldUp() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch otherRan = new CountDownLatch(1);
        try (RelayLanes lanes = new RelayLanes(2, 10)) {
            String held = keyOnLane(0, 2);
            String other = keyOnLane(1, 2);
            lanes.submit(held, () -> await(release));
            lanes.submit(other, otherRan::countDown);
            assertTrue(otherRan.await(5, TimeUnit.SECONDS), "a held-up lane held up the other lane");
            release.countDown();
        }
    }

    @Test
    void aFullLaneRefusesTheNextFixInsteadOfBlockingTheCaller() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (RelayLanes lanes = new RelayLanes(1, 2)) {
            assertTrue(lanes.submit("k", () -> {
                started.countDown();
                await(release);
            }));
            assertTrue(started.await(5, TimeUnit.SECONDS));
            assertTrue(lanes.submit("k", () -> { }));
            assertTrue(lanes.submit("k", () -> { }));
            assertFalse(lanes.submit("k", () -> { }), "the third queued fix fit in a lane two deep");
            release.countDown();
        }
    }

    @Test
    void aRelayNeedsALane() {
        assertThrows(IllegalArgumentException.class, () -> new RelayLanes(0, 10));
        assertThrows(IllegalArgumentException.class, () -> new RelayLanes(1, 0));
    }

    private static String keyOnLane(int lane, int lanes) {
        for (int i = 0; ; i++) {
            String key = "boxbox/drivers/d" + i + "/location";
            if (Math.floorMod(key.hashCode(), lanes) == lane) {
                return key;
            }
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
