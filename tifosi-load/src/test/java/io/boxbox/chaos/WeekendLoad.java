package io.boxbox.chaos;

import io.boxbox.bench.OrderPoster;
import io.boxbox.load.RaceWeekend;
import io.boxbox.pacchetto.sim.RandomSource;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

/**
 * The tifosi of a race weekend, stretched over the chaos window: {@link RaceWeekend}'s shape of
 * concurrent users (for the winning weekend 10, a spike to 100, back to 10) scaled to
 * {@code peakUsers}, each user placing an order ({@link OrderPoster}, realistic bodies from
 * {@code TifosiOrders}) and thinking 0.5–1.5 s, as {@code ./boxbox load} does.
 *
 * <p>A user whose POST gets no 202 (the gateway is dead, NATS is down, the answer is 503) sends
 * the same body with the same {@code Idempotency-Key} again, as a careful client would, for up to
 * {@link #RETRY_FOR}; the order ids of every 202 are what the audit checks against the record.
 */
final class WeekendLoad {

    static final Duration RETRY_FOR = Duration.ofSeconds(30);
    private static final Duration RETRY_PAUSE = Duration.ofMillis(500);

    private final OrderPoster poster;
    private final RaceWeekend weekend;
    private final int peakUsers;
    private final RandomSource random;
    private final Set<String> accepted = ConcurrentHashMap.newKeySet();
    private final AtomicLong posts = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong givenUp = new AtomicLong();

    WeekendLoad(OrderPoster poster, RaceWeekend weekend, int peakUsers, RandomSource random) {
        this.poster = poster;
        this.weekend = weekend;
        this.peakUsers = peakUsers;
        this.random = random;
    }

    /** Runs the weekend for {@code length}; returns when every user has finished its last order. */
    void run(Duration length) throws InterruptedException {
        double peak = weekend.stages().stream().mapToInt(s -> Math.max(s.from(), s.to())).max().orElse(1);
        long start = System.nanoTime();
        List<Thread> users = new ArrayList<>();
        for (int i = 0; i < peakUsers; i++) {
            int user = i;
            RandomGenerator thinking = random.stream("chaos", "tifoso", Integer.toString(user));
            users.add(Thread.ofVirtual().name("tifoso-" + user).start(() -> {
                int order = 0;
                while (true) {
                    double fraction = (System.nanoTime() - start) / (double) length.toNanos();
                    if (fraction >= 1) {
                        return;
                    }
                    // user i is at the track while the weekend has more than i users (always at least one)
                    boolean present = user < Math.max(1, Math.round(weekend.usersAt(fraction) / peak * peakUsers));
                    try {
                        if (present) {
                            placeOne("chaos-" + user + "-" + order++);
                            Thread.sleep(500 + thinking.nextInt(1000));
                        } else {
                            Thread.sleep(100);
                        }
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }));
        }
        for (Thread user : users) {
            user.join();
        }
    }

    private void placeOne(String key) throws InterruptedException {
        byte[] body = poster.nextBody();
        long giveUpAt = System.nanoTime() + RETRY_FOR.toNanos();
        while (true) {
            posts.incrementAndGet();
            try {
                OrderPoster.Answer answer = poster.post(body, key);
                if (answer.status() == 202) {
                    accepted.add(poster.orderId(answer));
                    return;
                }
                refused.incrementAndGet();
            } catch (IOException gatewayGone) {
                refused.incrementAndGet();
            }
            if (System.nanoTime() > giveUpAt) {
                givenUp.incrementAndGet();
                return;
            }
            Thread.sleep(RETRY_PAUSE.toMillis());
        }
    }

    Set<String> accepted() {
        return Set.copyOf(accepted);
    }

    String describe() {
        return String.format("%d orders accepted (202) from %d POSTs; %d answers were not 202 or did not come, "
                + "%d orders given up after %s of retries", accepted.size(), posts.get(), refused.get(), givenUp.get(), RETRY_FOR);
    }
}
