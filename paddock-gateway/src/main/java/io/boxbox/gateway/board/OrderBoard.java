package io.boxbox.gateway.board;

import com.fasterxml.jackson.core.JsonFactory;
import io.boxbox.gateway.problem.BrokerUnavailableException;
import io.boxbox.pacchetto.jetstream.NatsSettings;
import io.boxbox.pacchetto.jetstream.Topology;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.scheduling.annotation.Scheduled;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every order in {@code ORDER_EVENTS} as one card each, in memory, for {@code GET /v1/orders}.
 *
 * <p>Why an index and not a scan per request: a filtered page (say, the 50 newest DELIVERED orders
 * of one person) may lie anywhere in the stream, and JetStream offers no query by state or name,
 * so a per-request scan is either unbounded or returns short pages. Instead the index is built at
 * start-up from the <em>last entry of each order only</em> (an ordered consumer with
 * {@code DeliverPolicy.LastPerSubject} on {@code orders.events.>}: one message per order, not one per
 * change, and each last entry carries the whole snapshot), and the same consumer then goes on with
 * every new entry. A request reads nothing from the broker; it walks the sorted cards in memory.
 * JetStream stays the source of truth: a restarted gateway builds the same index, so it serves the
 * same pages. Limits: one small card per order kept in {@code ORDER_EVENTS} (7 days by default),
 * a few hundred bytes each (10,000 orders: a few MB; a million would want a real query store);
 * requests wait for the first build (at most the request timeout, then 503); a replica lags the
 * broker by the consumer's delivery.
 *
 * <p><b>Forgetting.</b> A card's {@code seq} is its order's last entry, so once the stream's first
 * sequence has passed it, every entry of that order is gone (expired after {@code event-retention},
 * or purged) and so is the order: {@code GET /v1/order/{id}} answers 404. Every
 * {@code boxbox.board.check-every} the board asks for the stream's first sequence (one stream-info
 * request) and, when it moved, drops the cards below it, and it never adds a card below it. Without
 * this the index only grew: the bench purges the streams between runs, and the cards of its earlier
 * runs (tens of thousands) filled the gateway's 96 MiB heap until every tenth young collection was a
 * full one.
 */
@Singleton
public class OrderBoard implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OrderBoard.class);

    private final Connection nats;
    private final JetStream jetStream;
    private final CardReader reader = new CardReader(JsonFactory.builder().build());
    private final Duration requestTimeout;
    private final ConcurrentSkipListMap<OrderCursor, OrderCard> cards = new ConcurrentSkipListMap<>(OrderCursor.NEWEST_FIRST);
    private final AtomicLong entriesRead = new AtomicLong();
    /** Adding a card and dropping those below the first sequence take turns, so no card below it is left behind. */
    private final Object cardsLock = new Object();
    /** The stream's first sequence as last seen: no entry below it is stored any more. */
    private volatile long firstSequence;
    private final CountDownLatch built = new CountDownLatch(1);
    private volatile Dispatcher dispatcher;
    private long buildUntil;
    private long startedAt;

    public OrderBoard(Connection nats, JetStream jetStream, NatsSettings settings) {
        this.nats = nats;
        this.jetStream = jetStream;
        this.requestTimeout = settings.requestTimeout();
    }

    @EventListener
    void onStartup(StartupEvent event) {
        // In the background: a broker that is away must not hold the gateway's start-up.
        Thread.ofVirtual().name("order-board").start(() -> {
            try {
                start();
            } catch (IOException | JetStreamApiException | RuntimeException e) {
                LOG.warn("order list not built yet ({}); retrying on the first request", e.toString());
            }
        });
    }

    /** Subscribes once; later calls do nothing. */
    synchronized void start() throws IOException, JetStreamApiException {
        if (dispatcher != null) {
            return;
        }
        // The stream's last message is the last of its order too, so the build has delivered it when done.
        startedAt = System.nanoTime();
        buildUntil = nats.jetStreamManagement().getStreamInfo(Topology.EVENTS_STREAM).getStreamState().getLastSequence();
        if (buildUntil == 0) {
            built.countDown();
        }
        Dispatcher created = nats.createDispatcher();
        try {
            jetStream.subscribe(Topology.EVENTS_SUBJECTS, created, this::onEntry, false, PushSubscribeOptions.builder()
                    .ordered(true)
                    .configuration(ConsumerConfiguration.builder().deliverPolicy(DeliverPolicy.LastPerSubject).build())
                    .build());
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            nats.closeDispatcher(created);
            throw e;
        }
        dispatcher = created;
    }

    private void onEntry(Message message) {
        entriesRead.incrementAndGet();
        long sequence = message.metaData().streamSequence();
        try {
            OrderCard card = reader.read(message.getData(), sequence);
            if (card != null) {
                put(card);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("order list: skipping unreadable entry #{} on {}: {}", sequence, message.getSubject(), e.toString());
        }
        if (sequence >= buildUntil && built.getCount() > 0) {
            built.countDown();
            LOG.info("order list built: {} orders from {} entries in {} ms", cards.size(), entriesRead.get(),
                    (System.nanoTime() - startedAt) / 1_000_000);
        }
    }

    private void put(OrderCard card) {
        OrderCursor key = OrderCursor.of(card);
        synchronized (cardsLock) {
            if (card.seq() < firstSequence) {
                return; // delivered late: its order's entries are gone already
            }
            // Only the one consumer thread adds; an older entry never replaces a newer one.
            OrderCard before = cards.get(key);
            if (before == null || before.seq() < card.seq()) {
                cards.put(key, card);
            }
        }
    }

    /** Drops the cards of orders whose every entry has left the stream (see "Forgetting" above). */
    @Scheduled(fixedDelay = "${boxbox.board.check-every:5s}", initialDelay = "${boxbox.board.check-every:5s}")
    void forgetGoneOrders() {
        if (dispatcher == null) {
            return; // not subscribed yet: nothing listed
        }
        try {
            forgetBelow(nats.jetStreamManagement().getStreamInfo(Topology.EVENTS_STREAM).getStreamState().getFirstSequence());
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            LOG.debug("order list: could not read the journal's first sequence: {}", e.toString());
        }
    }

    /** Forgets every card below {@code first}, the stream's first sequence; returns how many. */
    int forgetBelow(long first) {
        if (first <= firstSequence) {
            return 0;
        }
        int forgotten = 0;
        synchronized (cardsLock) {
            firstSequence = first;
            for (var card = cards.entrySet().iterator(); card.hasNext(); ) {
                if (card.next().getValue().seq() < first) {
                    card.remove();
                    forgotten++;
                }
            }
        }
        if (forgotten > 0) {
            LOG.info("order list: forgot {} orders whose journal is gone (the journal starts at #{})", forgotten, first);
        }
        return forgotten;
    }

    /** A page of the orders {@code query} asks for, newest first. */
    public OrderPage page(OrderListQuery query) {
        awaitBuilt();
        Map<OrderCursor, OrderCard> from = query.after().isPresent()
                ? cards.tailMap(query.after().get(), false) : cards;
        List<OrderCard> page = new ArrayList<>(query.limit());
        boolean more = false;
        for (OrderCard card : from.values()) {
            if (query.since().isPresent() && card.orderedAt().isBefore(query.since().get())) {
                // Newest first: everything further is older still.
                break;
            }
            if (!query.matches(card)) {
                continue;
            }
            if (page.size() == query.limit()) {
                more = true;
                break;
            }
            page.add(card);
        }
        String next = more ? OrderCursor.of(page.getLast()).encode() : null;
        return new OrderPage(page, next);
    }

    private void awaitBuilt() {
        try {
            start();
            if (!built.await(requestTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new BrokerUnavailableException("the order list is still being read from the journal; try again", null);
            }
        } catch (IOException | JetStreamApiException | IllegalStateException e) {
            throw new BrokerUnavailableException("the order list is unavailable while the broker is unreachable; try again", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerUnavailableException("interrupted while reading the order list", e);
        }
    }

    /** Journal entries this index has read since it started: one per order at start-up, then one per change. */
    public long entriesRead() {
        return entriesRead.get();
    }

    public int size() {
        return cards.size();
    }

    @Override
    @PreDestroy
    public synchronized void close() {
        if (dispatcher != null && nats.getStatus() != Connection.Status.CLOSED) {
            nats.closeDispatcher(dispatcher);
        }
        dispatcher = null;
    }
}
