package io.boxbox.panettiere.supplier;

import io.boxbox.pacchetto.pantry.Pantry;
import io.boxbox.pacchetto.pantry.Shelf;
import io.boxbox.pacchetto.sim.Chance;
import io.boxbox.pacchetto.sim.SimClock;
import io.boxbox.pacchetto.sim.Variance;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

/**
 * The supplier: one simulated person with a truck. They hear low-stock events (core NATS
 * {@code pantry.low.<ingredient>}) and also look at the shelves every {@code check-every}, load
 * every shelf that is low and that nobody is bringing yet, write on each shelf when they will be
 * back ({@code expected_back}), drive (simulated time, varying; now and then the truck is late and
 * it takes twice as long), and fill those shelves to capacity. One trip at a time: what runs low
 * meanwhile goes on the next trip. Two panettiere replicas have two suppliers; a shelf somebody is
 * already bringing is skipped, and a restock fills to capacity, so a rare double trip only fills a
 * full shelf again. A supplier who died on the road leaves an {@code expected_back} in the past:
 * after one more {@code check-every} the shelf is anybody's again.
 */
public final class Supplier implements AutoCloseable {

    /** What the supplier is doing, for GET /v1/staff. */
    public record View(String name, String state, Instant since, Instant until) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(Supplier.class);

    private final String name;
    private final Pantry pantry;
    private final Connection connection;
    private final SupplierSettings settings;
    private final SimClock clock;
    private final RandomGenerator random;
    private final java.util.function.Supplier<Chance> lateTruck;
    private final Variance drive;
    private final LinkedBlockingQueue<String> heard = new LinkedBlockingQueue<>();
    private volatile View view;
    private Dispatcher dispatcher;
    private Thread truck;

    public Supplier(Pantry pantry, Connection connection, SupplierSettings settings, SimClock clock, RandomGenerator random,
                    java.util.function.Supplier<Chance> lateTruck) {
        this.name = settings.name();
        this.pantry = pantry;
        this.connection = connection;
        this.settings = settings;
        this.clock = clock;
        this.random = random;
        this.lateTruck = lateTruck;
        this.drive = new Variance(settings.driveTime(), settings.driveVariance());
        this.view = new View(name, "IDLE", clock.now(), null);
    }

    public String name() {
        return name;
    }

    public View view() {
        return view;
    }

    /** Starts listening and the truck's day. */
    public synchronized void start() {
        dispatcher = connection.createDispatcher(message -> {
            String subject = message.getSubject();
            heard.add(subject.substring(Pantry.LOW_STOCK_SUBJECT_PREFIX.length()));
        });
        dispatcher.subscribe(Pantry.LOW_STOCK_SUBJECTS);
        truck = Thread.ofVirtual().name("supplier-" + name).start(this::workDay);
    }

    private void workDay() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                String first = heard.poll(settings.checkEvery().toMillis(), TimeUnit.MILLISECONDS);
                Set<String> candidates = new LinkedHashSet<>();
                if (first == null) {
                    // Nothing heard for a while: look at every shelf (an event may have been missed).
                    candidates.addAll(pantry.ingredients().all());
                } else {
                    candidates.add(first);
                    heard.drainTo(candidates);
                }
                List<String> load = due(candidates);
                if (!load.isEmpty()) {
                    trip(load);
                }
            } catch (InterruptedException stop) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                // The broker is away or a shelf could not be read: try again at the next look.
                LOG.warn("{} could not check the pantry: {}", name, e.toString());
            }
        }
    }

    /** The shelves among {@code candidates} that are low and that nobody is on the way with. */
    private List<String> due(Set<String> candidates) throws Exception {
        Instant now = clock.now();
        List<String> due = new java.util.ArrayList<>();
        for (String ingredient : candidates) {
            if (!pantry.ingredients().isKnown(ingredient)) {
                continue;
            }
            Shelf shelf = pantry.shelf(ingredient);
            boolean someoneComing = shelf.expectedBack() != null
                    && shelf.expectedBack().plus(settings.checkEvery()).isAfter(now);
            if (shelf.isLow() && !someoneComing) {
                due.add(ingredient);
            }
        }
        return due;
    }

    private void trip(List<String> load) throws Exception {
        Duration driving = drive.draw(random);
        boolean late = lateTruck.get().happens(random);
        if (late) {
            driving = driving.multipliedBy(2);
        }
        Instant left = clock.now();
        Instant back = left.plus(clock.scale().wallClock(driving));
        for (String ingredient : load) {
            pantry.expectBack(ingredient, back);
        }
        view = new View(name, "DRIVING", left, back);
        MDC.put("person", name);
        try {
            LOG.info("{} drives to the wholesaler for {}; back by {}{}", name, String.join(", ", load), back,
                    late ? " (late truck)" : "");
            clock.spend(driving);
            for (String ingredient : load) {
                pantry.restock(ingredient);
            }
            LOG.info("{} is back and restocked {}", name, String.join(", ", load));
        } finally {
            view = new View(name, "IDLE", clock.now(), null);
            MDC.remove("person");
        }
    }

    @Override
    public synchronized void close() throws InterruptedException {
        if (dispatcher != null) {
            connection.closeDispatcher(dispatcher);
        }
        if (truck != null) {
            truck.interrupt();
            truck.join(Duration.ofSeconds(2));
        }
    }
}
