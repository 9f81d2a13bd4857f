package io.boxbox.gateway.number;

import io.boxbox.pacchetto.jetstream.JetStreamTopology;
import io.boxbox.pacchetto.jetstream.Topology;
import io.boxbox.pacchetto.testing.ManualClock;
import io.boxbox.pacchetto.testing.PrivateNats;
import io.nats.client.Connection;
import io.nats.client.Nats;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Order numbers against a real nats-server: two gateways (two connections, two counters' users)
 * drawing at once never get the same number, and the day the number names is Monza's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrderNumbersTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final int THREADS_PER_GATEWAY = 4;
    private static final int NUMBERS_PER_GATEWAY = 300;

    private PrivateNats nats;
    private Connection first;
    private Connection second;

    @BeforeAll
    void startBroker() throws Exception {
        nats = new PrivateNats();
        first = Nats.connect(nats.url());
        second = Nats.connect(nats.url());
        new JetStreamTopology(first, Duration.ofHours(1)).ensure();
    }

    @AfterAll
    void stopBroker() throws Exception {
        first.close();
        second.close();
        nats.close();
    }

    @Test
    void twoGatewaysDrawingAtOnceNeverGetTheSameNumber() throws Exception {
        // 2026-07-01 10:00 in Monza: a day no other test of this class uses.
        Clock day = Clock.fixed(Instant.parse("2026-07-01T08:00:00Z"), java.time.ZoneOffset.UTC);
        OrderNumbers gatewayA = new OrderNumbers(first, TIMEOUT, day);
        OrderNumbers gatewayB = new OrderNumbers(second, TIMEOUT, day);
        CountDownLatch start = new CountDownLatch(1);
        List<Callable<List<String>>> drawers = new ArrayList<>();
        for (OrderNumbers gateway : List.of(gatewayA, gatewayB)) {
            for (int t = 0; t < THREADS_PER_GATEWAY; t++) {
                drawers.add(() -> {
                    start.await();
                    List<String> drawn = new ArrayList<>();
                    for (int i = 0; i < NUMBERS_PER_GATEWAY / THREADS_PER_GATEWAY; i++) {
                        drawn.add(gateway.issue(java.util.UUID.randomUUID().toString()));
                    }
                    return drawn;
                });
            }
        }
        List<String> all = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(drawers.size())) {
            List<Future<List<String>>> results = drawers.stream().map(pool::submit).toList();
            start.countDown();
            for (Future<List<String>> result : results) {
                all.addAll(result.get());
            }
        }

        assertEquals(2 * NUMBERS_PER_GATEWAY, all.size());
        assertEquals(all.size(), new HashSet<>(all).size(), "every number once");
        Set<Long> counts = all.stream().map(n -> {
            assertTrue(n.startsWith("BB-20260701-"), n);
            return Long.parseLong(n.substring("BB-20260701-".length()));
        }).collect(Collectors.toSet());
        // Each gateway may leave the rest of its last run unused: a gap, never a duplicate.
        long highest = counts.stream().mapToLong(Long::longValue).max().orElseThrow();
        assertTrue(highest <= 2L * NUMBERS_PER_GATEWAY + 2L * OrderNumbers.MAX_RUN, "highest " + highest);
        assertTrue(all.contains("BB-20260701-0001"), "at least four digits");
    }

    @Test
    void numbersDrawnOneAtATimeAreConsecutive() throws Exception {
        OrderNumbers numbers = new OrderNumbers(first, TIMEOUT, Clock.fixed(Instant.parse("2026-10-05T12:00:00Z"),
                java.time.ZoneOffset.UTC));
        for (int i = 1; i <= 20; i++) {
            assertEquals(String.format("BB-20261005-%04d", i), numbers.issue("order-" + i), "no run taken without a queue");
        }
    }

    @Test
    void aNumberGivenBackIsIssuedAgain() throws Exception {
        OrderNumbers numbers = new OrderNumbers(first, TIMEOUT, Clock.fixed(Instant.parse("2026-10-06T12:00:00Z"),
                java.time.ZoneOffset.UTC));
        String drawn = numbers.draw();
        numbers.giveBack(drawn);
        assertEquals(drawn, numbers.draw(), "the last number drawn, given back, is the next one");
        assertEquals("BB-20261006-0002", numbers.draw());
    }

    @Test
    void theDayRollsOverAtMidnightInMonza() throws Exception {
        // 23:59:59 on 1 December in Monza is 22:59:59 UTC (CET, UTC+1).
        ManualClock clock = new ManualClock(Instant.parse("2026-12-01T22:59:59Z"));
        OrderNumbers numbers = new OrderNumbers(first, TIMEOUT, clock);
        assertEquals("BB-20261201-0001", numbers.issue("order-a"));
        assertEquals("BB-20261201-0002", numbers.issue("order-b"));

        clock.advance(Duration.ofSeconds(1));
        assertEquals("BB-20261202-0001", numbers.issue("order-c"), "a new day starts from 1");
        assertEquals("BB-20261202-0002", numbers.issue("order-d"));
    }

    @Test
    void aNumberFindsItsOrder() throws Exception {
        OrderNumbers numbers = new OrderNumbers(first, TIMEOUT, Clock.fixed(Instant.parse("2026-08-15T12:00:00Z"),
                java.time.ZoneOffset.UTC));
        String number = numbers.issue("4a1c0e2e-0d8e-4d6b-9f31-2f1de7e1b111");
        // another gateway's connection finds it too
        OrderNumbers elsewhere = new OrderNumbers(second, TIMEOUT, Clock.systemUTC());
        assertEquals(Optional.of("4a1c0e2e-0d8e-4d6b-9f31-2f1de7e1b111"), elsewhere.orderIdOf(number));
        assertEquals(Optional.empty(), elsewhere.orderIdOf("BB-20260815-9999"));
        assertEquals(Optional.empty(), elsewhere.orderIdOf("not-a-number"));
    }

    @Test
    void theCountGrowsPastFourDigits() throws Exception {
        first.keyValue(Topology.ORDER_NUMBERS_BUCKET).put("day.20260916", "9999".getBytes(StandardCharsets.UTF_8));
        OrderNumbers numbers = new OrderNumbers(first, TIMEOUT, Clock.fixed(Instant.parse("2026-09-16T12:00:00Z"),
                java.time.ZoneOffset.UTC));
        String number = numbers.issue("order-10000");
        assertEquals("BB-20260916-10000", number);
        assertTrue(OrderNumbers.isWellFormed(number));
    }

    @Test
    void wellFormedNumbers() {
        assertTrue(OrderNumbers.isWellFormed("BB-20261202-0042"));
        assertFalse(OrderNumbers.isWellFormed("BB-20261202-42"));
        assertFalse(OrderNumbers.isWellFormed("bb-20261202-0042"));
        assertFalse(OrderNumbers.isWellFormed("BB-2026122-0042"));
        assertFalse(OrderNumbers.isWellFormed("BB-20261202-0042 "));
        assertFalse(OrderNumbers.isWellFormed(null));
    }
}
