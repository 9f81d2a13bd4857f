package io.boxbox.pacchetto.pantry;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueOperation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

/**
 * The pantry: one shelf per ingredient in JetStream KV {@code pantry}, shared by every replica.
 *
 * <p>Key layout: one key per ingredient, {@code shelf.<ingredient>}, whose value is the whole
 * {@link Shelf} (stock, threshold, capacity, expected_back). One key per ingredient means two
 * chefs taking different toppings never contend, and a change of one shelf is one conditional
 * write. Every change is a compare-and-set on the key's revision: a writer that lost the race
 * re-reads the shelf and tries again, so no take or restock is ever overwritten. A shelf nobody
 * has touched yet is absent and reads as {@link PantrySettings#fresh}; its first change creates
 * it (a create is conditional too: it fails if somebody else created it first).
 *
 * <p>A take of several ingredients (a pizza's toppings) is not one write: JetStream KV has no
 * multi-key transaction. It takes the shelves one by one in the pantry's fixed order and, when
 * one is short, puts back what it took, in reverse. So a take never leaves half a pizza's
 * toppings gone: other takers may see a shelf one portion lower for a moment (and at worst be
 * refused and retry later), but nothing is lost or counted twice. The fixed order means two
 * takers short of the same thing both stop at the same shelf. The alternative, one key for the
 * whole pantry, would make every take in the kitchen contend on one revision. If the broker goes
 * away between a take and its give-back, the portions stay taken: the pantry then shows less than
 * there is, never more, so nobody is promised an ingredient that is not there.
 *
 * <p>Each take or change first tries the shelf as this process last wrote or read it, without
 * reading it again: the compare-and-set on that revision fails if anybody changed the shelf since
 * (another chef, a replica, the supplier), and only then is it read. A shelf that looks empty is
 * always read again before the take is refused, so a remembered shelf never turns a customer away.
 *
 * <p>Whoever brings a shelf to or below its threshold publishes a low-stock event on core NATS
 * {@code pantry.low.<ingredient>} (the shelf as JSON) and logs it; the supplier listens.
 */
public class Pantry {

    public static final String KEY_PREFIX = "shelf.";
    public static final String LOW_STOCK_SUBJECT_PREFIX = "pantry.low.";
    public static final String LOW_STOCK_SUBJECTS = "pantry.low.>";
    /** JetStream's API error for a conditional write whose expected revision was not the last. */
    private static final int WRONG_LAST_SEQUENCE = 10071;
    private static final int MAX_RACES = 1000;

    private static final Logger LOG = LoggerFactory.getLogger(Pantry.class);

    private final KeyValue bucket;
    private final Connection connection;
    private final PantrySettings settings;
    private final Ingredients ingredients;
    private final ObjectMapper json;
    private final PantryMeter meter;
    /** Each shelf as this process last wrote or read it: the first guess of the next compare-and-set. */
    private final Map<String, Versioned> lastSeen = new ConcurrentHashMap<>();
    /**
     * One taker per shelf at a time in this process: two chefs of one chef-sim taking basil at once
     * would otherwise lose races to each other (a refused CAS and a read each time); across
     * processes the compare-and-set still decides.
     */
    private final Map<String, ReentrantLock> shelfLocks = new ConcurrentHashMap<>();

    public Pantry(KeyValue bucket, Connection connection, PantrySettings settings, Ingredients ingredients,
                  ObjectMapper json, PantryMeter meter) {
        this.bucket = bucket;
        this.connection = connection;
        this.settings = settings;
        this.ingredients = ingredients;
        this.json = json;
        this.meter = meter;
    }

    public Ingredients ingredients() {
        return ingredients;
    }

    /**
     * Takes one portion of each ingredient named (a name may repeat: two portions), all or nothing.
     * Unknown names are not the pantry's business and are ignored.
     */
    public Take take(List<String> wanted) throws IOException, JetStreamApiException {
        List<String> ordered = wanted.stream().filter(ingredients::isKnown)
                .sorted(Comparator.comparingInt(ingredients::rank)).toList();
        List<String> taken = new ArrayList<>();
        for (String ingredient : ordered) {
            Optional<Shelf> before = takeOne(ingredient);
            if (before.isEmpty()) {
                putBack(taken);
                return shortOf(ordered, ingredient);
            }
            taken.add(ingredient);
        }
        taken.forEach(i -> meter.taken(i, 1));
        return new Take.Taken(List.copyOf(taken));
    }

    /** Puts back portions taken and not used (toppings of a pizza cancelled before they were on it). */
    public void giveBack(List<String> portions) throws IOException, JetStreamApiException {
        List<String> known = portions.stream().filter(ingredients::isKnown).toList();
        for (String ingredient : known.reversed()) {
            change(ingredient, shelf -> shelf.withStock(Math.min(shelf.capacity(), shelf.stock() + 1)));
            meter.givenBack(ingredient, 1);
        }
    }

    /** The supplier's delivery: the shelf full to its (configured) capacity, nobody expected any more. */
    public Shelf restock(String ingredient) throws IOException, JetStreamApiException {
        Shelf[] was = new Shelf[1];
        Shelf after = change(ingredient, shelf -> {
            was[0] = shelf;
            return settings.sized(shelf).restocked();
        });
        meter.restocked(ingredient, after.stock() - was[0].stock());
        LOG.info("shelf {} restocked to {} (was {})", ingredient, after.stock(), was[0].stock());
        return after;
    }

    /** Race control sets a shelf's stock (0 empties it, the capacity fills it). */
    public Shelf set(String ingredient, int stock) throws IOException, JetStreamApiException {
        Shelf[] was = new Shelf[1];
        Shelf after = change(ingredient, shelf -> {
            was[0] = shelf;
            // The shelf's own capacity: whoever put it up (the panettiere) sized it.
            int clamped = Math.max(0, Math.min(stock, shelf.capacity()));
            return clamped >= shelf.capacity() ? shelf.restocked() : shelf.withStock(clamped);
        });
        meter.restocked(ingredient, after.stock() - was[0].stock());
        LOG.info("shelf {} set to {} by race control (was {})", ingredient, after.stock(), was[0].stock());
        if (after.isLow()) {
            announceLow(after);
        }
        return after;
    }

    /**
     * Puts up every shelf not there yet, with this service's settings (the panettiere, who hosts
     * the supplier, does it at start-up), so every replica sees the same sizes from then on.
     * Returns how many were put up.
     */
    public int putUp() throws IOException, JetStreamApiException {
        int created = 0;
        for (String ingredient : ingredients.all()) {
            Versioned current = read(ingredient);
            if (current.revision() == 0 && write(ingredient, 0, current.shelf())) {
                created++;
            }
        }
        return created;
    }

    /** The supplier says when they will be back with this ingredient. */
    public Shelf expectBack(String ingredient, Instant back) throws IOException, JetStreamApiException {
        return change(ingredient, shelf -> shelf.expecting(back));
    }

    public Shelf shelf(String ingredient) throws IOException, JetStreamApiException {
        requireKnown(ingredient);
        return read(ingredient).shelf();
    }

    /** Every shelf in the pantry's order; shelves nobody touched yet as they would be put up. */
    public List<Shelf> shelves() throws IOException, JetStreamApiException {
        List<Shelf> all = new ArrayList<>();
        for (String ingredient : ingredients.all()) {
            all.add(read(ingredient).shelf());
        }
        return all;
    }

    /** Tells the supplier (and the logs) that a shelf is at or below its threshold. */
    public void announceLow(Shelf shelf) {
        LOG.warn("low stock: {} has {} left (threshold {}){}", shelf.ingredient(), shelf.stock(), shelf.threshold(),
                shelf.expectedBack() == null ? "" : ", supplier expected by " + shelf.expectedBack());
        meter.low(shelf.ingredient());
        try {
            connection.publish(LOW_STOCK_SUBJECT_PREFIX + shelf.ingredient(), json.writeValueAsBytes(shelf));
        } catch (IOException | RuntimeException e) {
            // Core NATS is best effort; the supplier also looks at the shelves on its own every so often.
            LOG.warn("cannot announce low stock of {}: {}", shelf.ingredient(), e.toString());
        }
    }

    /** One portion off the shelf; the shelf as it was, or empty when there was none. */
    private Optional<Shelf> takeOne(String ingredient) throws IOException, JetStreamApiException {
        return alone(ingredient, () -> takeOneLocked(ingredient));
    }

    /** Work on one shelf that no other taker of this process does at the same time. */
    @FunctionalInterface
    private interface ShelfWork<T> {
        T run() throws IOException, JetStreamApiException;
    }

    private <T> T alone(String ingredient, ShelfWork<T> work) throws IOException, JetStreamApiException {
        ReentrantLock shelf = shelfLocks.computeIfAbsent(ingredient, name -> new ReentrantLock());
        shelf.lock();
        try {
            return work.run();
        } finally {
            shelf.unlock();
        }
    }

    private Optional<Shelf> takeOneLocked(String ingredient) throws IOException, JetStreamApiException {
        Versioned guess = lastSeen.get(ingredient);
        for (int race = 0; race < MAX_RACES; race++) {
            Versioned current = guess != null ? guess : read(ingredient);
            boolean fresh = guess == null;
            guess = null;
            if (current.shelf().isEmpty()) {
                if (!fresh) {
                    continue; // empty as last seen: look again before refusing
                }
                return Optional.empty();
            }
            Shelf after = current.shelf().withStock(current.shelf().stock() - 1);
            if (write(ingredient, current.revision(), after)) {
                if (after.isLow() && !current.shelf().isLow()) {
                    announceLow(after);
                }
                return Optional.of(current.shelf());
            }
        }
        throw new IllegalStateException("lost " + MAX_RACES + " races in a row for shelf " + ingredient);
    }

    private void putBack(List<String> taken) throws IOException, JetStreamApiException {
        giveBack(taken);
    }

    private Take.Short shortOf(List<String> ordered, String firstShort) throws IOException, JetStreamApiException {
        // Report every ingredient of the take that is out now, not only the first, so the customer hears it once.
        List<String> missing = new ArrayList<>();
        Instant expected = null;
        for (String ingredient : ordered.stream().distinct().toList()) {
            Shelf shelf = read(ingredient).shelf();
            if (ingredient.equals(firstShort) || shelf.isEmpty()) {
                missing.add(ingredient);
                meter.outOfStock(ingredient);
                if (shelf.expectedBack() != null && (expected == null || shelf.expectedBack().isBefore(expected))) {
                    expected = shelf.expectedBack();
                }
                if (shelf.expectedBack() == null) {
                    // Empty and nobody coming (the event was missed, or race control emptied it): ask again.
                    announceLow(shelf);
                }
            }
        }
        return new Take.Short(List.copyOf(missing), expected);
    }

    /** Applies a change with compare-and-set, re-reading and re-applying after every lost race. */
    private Shelf change(String ingredient, UnaryOperator<Shelf> how) throws IOException, JetStreamApiException {
        requireKnown(ingredient);
        return alone(ingredient, () -> changeLocked(ingredient, how));
    }

    private Shelf changeLocked(String ingredient, UnaryOperator<Shelf> how) throws IOException, JetStreamApiException {
        Versioned guess = lastSeen.get(ingredient);
        for (int race = 0; race < MAX_RACES; race++) {
            Versioned current = guess != null ? guess : read(ingredient);
            guess = null;
            Shelf after = how.apply(current.shelf());
            if (write(ingredient, current.revision(), after)) {
                return after;
            }
        }
        throw new IllegalStateException("lost " + MAX_RACES + " races in a row for shelf " + ingredient);
    }

    private void requireKnown(String ingredient) {
        if (!ingredients.isKnown(ingredient)) {
            throw new IllegalArgumentException("the pantry keeps no " + ingredient);
        }
    }

    private record Versioned(Shelf shelf, long revision) {
    }

    private Versioned read(String ingredient) throws IOException, JetStreamApiException {
        KeyValueEntry entry = bucket.get(KEY_PREFIX + ingredient);
        Versioned read;
        if (entry == null || entry.getOperation() != KeyValueOperation.PUT || entry.getValue() == null) {
            read = new Versioned(settings.fresh(ingredient), entry == null ? 0 : entry.getRevision());
        } else {
            read = new Versioned(json.readValue(entry.getValue(), Shelf.class), entry.getRevision());
        }
        seen(ingredient, read);
        return read;
    }

    /** Keeps the newer of what is remembered and what was just seen (several takers of one shelf race here). */
    private void seen(String ingredient, Versioned shelf) {
        lastSeen.merge(ingredient, shelf, (known, now) -> now.revision() >= known.revision() ? now : known);
    }

    /** A conditional write: false when somebody else changed the shelf since {@code revision}. */
    private boolean write(String ingredient, long revision, Shelf shelf) throws IOException, JetStreamApiException {
        Objects.requireNonNull(shelf);
        byte[] value;
        try {
            value = json.writeValueAsBytes(shelf);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        try {
            long written = revision == 0 ? bucket.create(KEY_PREFIX + ingredient, value)
                    : bucket.update(KEY_PREFIX + ingredient, value, revision);
            seen(ingredient, new Versioned(shelf, written));
            return true;
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == WRONG_LAST_SEQUENCE) {
                return false;
            }
            throw e;
        }
    }
}
