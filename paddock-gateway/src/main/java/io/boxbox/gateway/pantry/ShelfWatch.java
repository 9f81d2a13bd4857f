package io.boxbox.gateway.pantry;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxbox.pacchetto.jetstream.JetStreamTopology;
import io.boxbox.pacchetto.jetstream.Topology;
import io.boxbox.pacchetto.pantry.Ingredients;
import io.boxbox.pacchetto.pantry.Pantry;
import io.boxbox.pacchetto.pantry.PantrySettings;
import io.boxbox.pacchetto.pantry.Shelf;
import io.boxbox.pacchetto.sim.SimClock;
import io.nats.client.Connection;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueOperation;
import io.nats.client.api.KeyValueWatcher;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Provider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The gateway's live view of the shelves, kept by a KV watch on {@code shelf.>}: the menu and the
 * stock check of every new order read memory, never the broker, so taking an order costs no extra
 * round trip and a broker outage does not stop the intake (the view then holds what it last saw;
 * the kitchen still refuses what is really out, and the order waits for it). A shelf the view has
 * not seen reads as it would be put up.
 */
@Context
public class ShelfWatch implements KeyValueWatcher {

    private static final Logger LOG = LoggerFactory.getLogger(ShelfWatch.class);
    private static final Duration RETRY = Duration.ofSeconds(1);

    private final Provider<Connection> connection;
    private final Provider<JetStreamTopology> topology;
    private final PantrySettings settings;
    private final Ingredients ingredients;
    private final ObjectMapper json;
    private final Map<String, Shelf> shelves = new ConcurrentHashMap<>();
    private final SimClock clock;
    private AutoCloseable watching;
    private Thread starting;
    private volatile boolean closed;

    public ShelfWatch(Provider<Connection> connection, Provider<JetStreamTopology> topology, PantrySettings settings,
                      Ingredients ingredients, ObjectMapper json, SimClock clock) {
        this.clock = clock;
        this.connection = connection;
        this.topology = topology;
        this.settings = settings;
        this.ingredients = ingredients;
        this.json = json;
    }

    /** The shelf as last seen. */
    public Shelf shelf(String ingredient) {
        ensureWatching();
        return shelves.getOrDefault(ingredient, settings.fresh(ingredient));
    }

    public boolean isOut(String ingredient) {
        return ingredients.isKnown(ingredient) && shelf(ingredient).isEmpty();
    }

    /** A change this gateway just made (race control), seen at once rather than when the watch brings it. */
    public void saw(Shelf shelf) {
        shelves.put(shelf.ingredient(), shelf);
    }

    @PostConstruct
    void start() {
        ensureWatching();
    }

    /** Starts the watch in the background the first time anyone looks, so no request waits for the broker. */
    private synchronized void ensureWatching() {
        if (starting == null && !closed) {
            starting = Thread.ofVirtual().name("pantry-watch").start(this::watchUntilWatching);
        }
    }

    private void watchUntilWatching() {
        boolean warned = false;
        while (!closed) {
            try {
                topology.get();
                KeyValue bucket = connection.get().keyValue(Topology.PANTRY_BUCKET);
                AutoCloseable subscription = bucket.watch(Pantry.KEY_PREFIX + ">", this);
                synchronized (this) {
                    watching = subscription;
                }
                return;
            } catch (Exception e) {
                if (!warned) {
                    LOG.warn("cannot watch the pantry yet (every shelf shows as last seen): {}", e.toString());
                    warned = true;
                }
            }
            try {
                clock.waitWallClock(RETRY);
            } catch (InterruptedException stop) {
                return;
            }
        }
    }

    @Override
    public void watch(KeyValueEntry entry) {
        String ingredient = entry.getKey().substring(Pantry.KEY_PREFIX.length());
        if (entry.getOperation() != KeyValueOperation.PUT || entry.getValue() == null) {
            shelves.remove(ingredient);
            return;
        }
        try {
            shelves.put(ingredient, json.readValue(entry.getValue(), Shelf.class));
        } catch (Exception e) {
            LOG.warn("unreadable shelf {} in the pantry: {}", entry.getKey(), e.toString());
        }
    }

    @Override
    public void endOfData() {
        LOG.info("watching the pantry: {} shelves", shelves.size());
    }

    @PreDestroy
    synchronized void close() throws Exception {
        closed = true;
        if (starting != null) {
            starting.interrupt();
        }
        if (watching != null) {
            watching.close();
        }
    }
}
