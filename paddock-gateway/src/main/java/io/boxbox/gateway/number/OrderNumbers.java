package io.boxbox.gateway.number;

import io.boxbox.pacchetto.jetstream.JetStreamTopology;
import io.boxbox.pacchetto.jetstream.NatsSettings;
import io.boxbox.pacchetto.jetstream.Topology;
import io.micronaut.context.annotation.Context;
import io.nats.client.Connection;
import io.boxbox.gateway.jetstream.PendingWrite;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamOptions;
import io.nats.client.KeyValue;
import io.nats.client.KeyValueOptions;
import io.nats.client.api.KeyValueEntry;
import jakarta.inject.Inject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issues the order numbers people read out at the counter, {@code BB-YYYYMMDD-NNNN}: the day in
 * Monza (Europe/Rome) and that day's count, at least four digits (the 10 000th order of a day is
 * {@code BB-20261202-10000}). The count lives in KV {@code order-numbers} under
 * {@code day.<yyyymmdd>}, advanced with compare-and-set (create for the day's first, update on the
 * revision read for the others; whoever loses a race reads again), so every gateway replica draws
 * from the same counter and no number is given twice. Next to it, {@code number.<number>} names
 * the order, so an order can be found by its number.
 *
 * <p><b>Runs.</b> One compare-and-set per number made the counter the intake's bottleneck: each is
 * two round trips, and the requests of a replica take turns. So a replica takes a run of counts at
 * once, as long as the requests waiting for their turn right now (one more than the queue at the
 * turn, at most {@link #MAX_RUN}), and hands them out from memory. Ordered one at a time the run is
 * one number long, so the day's sequence stays gapless; in a rush one counter update serves a whole
 * queue of requests. The price: counts of a run that a replica never hands out (it stopped, or the
 * day ended) are gaps, and two replicas' numbers interleave in runs, not in arrival order.
 *
 * <p>A number is drawn before the order is queued (it travels in the order). If the publish then
 * fails, that number is never used: a gap in the day's sequence, not a duplicate. A number drawn
 * for a request that turns out to repeat an earlier one is given back when nothing was drawn after it.
 */
@Context // bound to its bucket at start-up, like the other buckets
public class OrderNumbers {

    /** Where the pizzeria is: its day starts at midnight in Monza, whatever the server's zone. */
    public static final ZoneId PIZZERIA_ZONE = ZoneId.of("Europe/Rome");
    private static final Pattern FORMAT = Pattern.compile("^BB-(\\d{8})-(\\d{4,9})$");
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
    /** JetStream's API error for "wrong last sequence": somebody else advanced the counter first. */
    private static final int WRONG_LAST_SEQUENCE = 10071;
    /** Each lost race means another number was issued, so this many in a row means something is wrong. */
    private static final int MAX_ATTEMPTS = 1_000;
    /** The longest run taken at once: what a replica may leave unused (a gap) when it stops. */
    static final int MAX_RUN = 64;

    private final KeyValue bucket;
    /** For the index entry sent without waiting ({@link #sendIndex}). */
    private final JetStream jetStream;
    private final Clock clock;
    private final Duration requestTimeout;
    /**
     * Requests of this replica take turns: they would only race each other for the same revision.
     * Replicas still race, and compare-and-set settles that.
     */
    private final ReentrantLock turn = new ReentrantLock();
    /** The run being handed out; read and replaced only under {@link #turn}. */
    private NumberLease lease = NumberLease.none();

    /** The topology is asked for so that the bucket exists before it is used. */
    @Inject
    public OrderNumbers(Connection connection, JetStreamTopology topology, NatsSettings settings, Clock clock)
            throws IOException {
        this(connection, settings.requestTimeout(), clock);
    }

    /** On a connection whose topology is already in place (tests). */
    public OrderNumbers(Connection connection, Duration requestTimeout, Clock clock) throws IOException {
        this.bucket = connection.keyValue(Topology.ORDER_NUMBERS_BUCKET,
                KeyValueOptions.builder().jsRequestTimeout(requestTimeout).build());
        this.jetStream = connection.jetStream(JetStreamOptions.builder().requestTimeout(requestTimeout).build());
        this.clock = clock;
        this.requestTimeout = requestTimeout;
    }

    /** The next number of today (in Monza) for {@code orderId}, indexed so that {@link #orderIdOf} finds it. */
    public String issue(String orderId) throws IOException, JetStreamApiException {
        String number = draw();
        index(number, orderId);
        return number;
    }

    /**
     * The next number of today (in Monza), not yet naming any order: from this replica's run, or from
     * a new run when that one is used up or of another day.
     */
    public String draw() throws IOException, JetStreamApiException {
        String day = LocalDate.ofInstant(clock.instant(), PIZZERIA_ZONE).format(DAY);
        takeTurn();
        try {
            if (!lease.canIssue(day)) {
                // Everyone queued behind this turn wants a number now: take theirs in the same update.
                int length = Math.min(MAX_RUN, 1 + turn.getQueueLength());
                long last = advance("day." + day, length);
                lease = new NumberLease(day, last - length + 1, last);
            }
            return String.format(Locale.ROOT, "BB-%s-%04d", day, lease.next());
        } finally {
            turn.unlock();
        }
    }

    /** Records that {@code number} names {@code orderId}, so that {@link #orderIdOf} finds it. */
    public void index(String number, String orderId) throws IOException, JetStreamApiException {
        bucket.put(indexKey(number), orderId.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The same as {@link #index}, sent without waiting: the caller does its other call meanwhile and
     * then awaits the acknowledgement. Throws at once when the connection is down (nothing sent).
     */
    public PendingWrite sendIndex(String number, String orderId) {
        return PendingWrite.put(jetStream, Topology.ORDER_NUMBERS_BUCKET, indexKey(number),
                orderId.getBytes(StandardCharsets.UTF_8), requestTimeout);
    }

    /**
     * A number drawn for nothing (the request repeated an earlier one): issued again by the next draw
     * when nothing was drawn after it; otherwise it stays a gap. Any index written for it is
     * overwritten by the order that gets it next.
     */
    public void giveBack(String number) {
        Matcher parts = FORMAT.matcher(number);
        if (!parts.matches()) {
            throw new IllegalArgumentException("not an order number: " + number);
        }
        turn.lock();
        try {
            lease.giveBack(parts.group(1), Long.parseLong(parts.group(2)));
        } finally {
            turn.unlock();
        }
    }

    /** The id of the order that got {@code number}; empty when no such number was issued (or it expired). */
    public Optional<String> orderIdOf(String number) throws IOException, JetStreamApiException {
        if (!isWellFormed(number)) {
            return Optional.empty();
        }
        KeyValueEntry entry = bucket.get(indexKey(number));
        return entry == null || entry.getValue() == null ? Optional.empty()
                : Optional.of(new String(entry.getValue(), StandardCharsets.UTF_8));
    }

    /** {@code BB-}, eight digits of a day, {@code -}, four to nine digits. */
    public static boolean isWellFormed(String number) {
        return number != null && FORMAT.matcher(number).matches();
    }

    /**
     * Waits at most one request timeout for this replica's turn: while the broker is slow or away,
     * requests are refused quickly (503, not placed) instead of queueing behind one another.
     */
    private void takeTurn() throws IOException {
        try {
            if (!turn.tryLock(requestTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IOException("order numbers are busy: no turn within " + requestTimeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting to draw an order number", e);
        }
    }

    /** Moves the counter on by {@code length}; returns the last count of the run taken. */
    private long advance(String key, int length) throws IOException, JetStreamApiException {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            KeyValueEntry current = bucket.get(key);
            try {
                if (current == null || current.getValue() == null) {
                    bucket.create(key, bytes(length));
                    return length;
                }
                long last = Long.parseLong(new String(current.getValue(), StandardCharsets.UTF_8)) + length;
                bucket.update(key, bytes(last), current.getRevision());
                return last;
            } catch (JetStreamApiException e) {
                if (e.getApiErrorCode() != WRONG_LAST_SEQUENCE) {
                    throw e;
                }
                // Another replica took that number: read the counter again.
            }
        }
        throw new IOException("the order-number counter " + key + " kept changing under " + MAX_ATTEMPTS + " attempts");
    }

    private static String indexKey(String number) {
        return "number." + number;
    }

    private static byte[] bytes(long count) {
        return Long.toString(count).getBytes(StandardCharsets.UTF_8);
    }
}
