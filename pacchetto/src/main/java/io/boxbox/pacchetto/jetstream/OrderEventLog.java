package io.boxbox.pacchetto.jetstream;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxbox.pacchetto.order.OrderEvent;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.PublishOptions;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.PublishAck;
import jakarta.inject.Inject;
import io.boxbox.pacchetto.sim.SimClock;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * Every order's journal: its entries on {@code orders.events.<id>} in stream {@code ORDER_EVENTS}.
 * An entry is appended only right after the entry the writer read (JetStream's expected last
 * subject sequence), so two writers can never both append after the same entry; and entries are
 * read through the stream leader ({@code STREAM.MSG.GET}, the stream does not allow direct get),
 * so a reader never acts on a follower that has not seen the latest entry yet.
 */
@Singleton
public class OrderEventLog {

    /** JetStream's API error for "wrong last sequence": another entry was appended first. */
    static final int WRONG_LAST_SEQUENCE = 10071;
    /** JetStream's API error for "no message found". */
    static final int NO_MESSAGE_FOUND = 10037;
    /** How often a publish whose answer never came is tried again before giving up as unknown. */
    private static final int MAX_UNANSWERED = 3;

    /** One entry and its stream sequence, which the next writer names as the expected last one. */
    public record Entry(long sequence, OrderEvent event) {
    }

    private final JetStream jetStream;
    private final JetStreamManagement management;
    private final ObjectMapper json;
    private final Duration publishTimeout;
    private final Duration reconnectPatience;
    private final SimClock clock;

    @Inject
    public OrderEventLog(JetStream jetStream, JetStreamManagement management, ObjectMapper json, NatsSettings settings,
                         JournalSettings journal, SimClock clock) {
        this(jetStream, management, json, settings.requestTimeout(), journal.reconnectPatience(), clock);
    }

    OrderEventLog(JetStream jetStream, JetStreamManagement management, ObjectMapper json, Duration publishTimeout) {
        this(jetStream, management, json, publishTimeout, Duration.ZERO, null);
    }

    OrderEventLog(JetStream jetStream, JetStreamManagement management, ObjectMapper json, Duration publishTimeout,
                  Duration reconnectPatience, SimClock clock) {
        this.jetStream = jetStream;
        this.management = management;
        this.json = json;
        this.publishTimeout = publishTimeout;
        this.reconnectPatience = reconnectPatience;
        this.clock = clock;
    }

    /** The order's last entry, read from the stream leader; empty when the order has none. */
    public Optional<Entry> last(String orderId) throws IOException, JetStreamApiException {
        return read(() -> management.getLastMessage(Topology.EVENTS_STREAM, Topology.eventSubject(orderId)));
    }

    /**
     * The order's last entry, read from the stream leader, parsed only when it is not {@code known}
     * (the entry at the same stream sequence, which the caller already holds): a check that nothing
     * was appended since costs the read, not the parse. Empty when the order has no entry.
     */
    public Optional<Entry> last(String orderId, Optional<Entry> known) throws IOException, JetStreamApiException {
        Optional<MessageInfo> message = message(() -> management.getLastMessage(Topology.EVENTS_STREAM,
                Topology.eventSubject(orderId)));
        if (message.isEmpty()) {
            return Optional.empty();
        }
        if (known.isPresent() && known.get().sequence() == message.get().getSeq()) {
            return known;
        }
        return Optional.of(new Entry(message.get().getSeq(), json.readValue(message.get().getData(), OrderEvent.class)));
    }

    /**
     * Appends {@code event} as the entry right after the one at stream sequence
     * {@code afterSequence} (0: as the order's first entry). Returns the stored entry, or empty
     * when another writer's entry came first (read again and re-apply), even if that entry is the
     * very same change. When the broker's answer
     * does not come, the journal is read to find out whether the entry was stored; an
     * {@link IOException} means the outcome is still unknown after {@value #MAX_UNANSWERED} tries.
     */
    public Optional<Entry> append(OrderEvent event, long afterSequence) throws IOException, JetStreamApiException {
        String orderId = event.orderId();
        byte[] data = json.writeValueAsBytes(event);
        PublishOptions options = PublishOptions.builder()
                .expectedStream(Topology.EVENTS_STREAM)
                .expectedLastSubjectSequence(afterSequence)
                .messageId(orderId + ":" + event.revision())
                // With publish options jnats waits PublishOptions' own 2 s default, not the JetStream request timeout.
                .streamTimeout(publishTimeout)
                .build();
        IOException unanswered = null;
        for (int tries = 0; tries < MAX_UNANSWERED; tries++) {
            try {
                PublishAck ack = throughReconnect(() -> jetStream.publish(Topology.eventSubject(orderId), data, options));
                if (!ack.isDuplicate()) {
                    return Optional.of(new Entry(ack.getSeqno(), event));
                }
                // JetStream checks the Nats-Msg-Id before the expected sequence: an entry of this
                // revision is stored, either ours from a try whose answer was lost, or a rival's
                // (possibly the very same change, which is then the rival's, not this call's).
                return unanswered == null ? Optional.empty()
                        : at(ack.getSeqno()).filter(stored -> stored.event().equals(event));
            } catch (JetStreamApiException e) {
                if (e.getApiErrorCode() != WRONG_LAST_SEQUENCE) {
                    throw e;
                }
                // Something follows afterSequence: a rival's change, or ours from a try whose answer was lost.
                return unanswered == null ? Optional.empty()
                        : nextAfter(orderId, afterSequence).filter(stored -> stored.event().equals(event));
            } catch (IOException e) {
                unanswered = e;
                Optional<Entry> next;
                try {
                    next = nextAfter(orderId, afterSequence);
                } catch (IOException stillUnanswered) {
                    continue;
                }
                if (next.isPresent()) {
                    return next.filter(stored -> stored.event().equals(event));
                }
                // Nothing follows yet, so try again: should an earlier try still arrive, the same
                // expected sequence and Nats-Msg-Id keep it from being stored twice.
            }
        }
        throw new IOException("order " + orderId + ": JetStream did not answer whether revision " + event.revision()
                + " was stored", unanswered);
    }

    private Optional<Entry> at(long sequence) throws IOException, JetStreamApiException {
        return read(() -> management.getMessage(Topology.EVENTS_STREAM, sequence));
    }

    private Optional<Entry> nextAfter(String orderId, long afterSequence) throws IOException, JetStreamApiException {
        return read(() -> management.getNextMessage(Topology.EVENTS_STREAM, afterSequence + 1,
                Topology.eventSubject(orderId)));
    }

    private Optional<Entry> read(MessageRead read) throws IOException, JetStreamApiException {
        Optional<MessageInfo> message = message(read);
        if (message.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Entry(message.get().getSeq(), json.readValue(message.get().getData(), OrderEvent.class)));
    }

    private Optional<MessageInfo> message(MessageRead read) throws IOException, JetStreamApiException {
        try {
            return Optional.of(throughReconnect(read, true));
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == NO_MESSAGE_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Runs {@code call}, waiting out a reconnect for up to {@code reconnect-patience}: jnats
     * refuses with IllegalStateException while it reconnects (no reconnect buffer). Past the
     * patience the refusal is an IOException, the broker unreachable, like any other.
     */
    private <T> T throughReconnect(Call<T> call) throws IOException, JetStreamApiException {
        return throughReconnect(call, false);
    }

    /**
     * The same, and for a read (harmless to repeat) also a request that timed out: right after a
     * reconnect JetStream may not answer yet (seen in chaos: a NATS restart of 4.5 s).
     */
    private <T> T throughReconnect(Call<T> call, boolean repeatable) throws IOException, JetStreamApiException {
        long waitedMs = 0;
        while (true) {
            try {
                return call.get();
            } catch (IOException unanswered) {
                if (!repeatable || waitedMs >= reconnectPatience.toMillis()) {
                    throw unanswered;
                }
                // the request itself waited its timeout: count it against the patience
                waitedMs += publishTimeout.toMillis();
            } catch (IllegalStateException refused) {
                if (waitedMs >= reconnectPatience.toMillis()) {
                    throw new IOException("NATS refused the journal's request: " + refused.getMessage(), refused);
                }
                try {
                    clock.waitWallClock(RECONNECT_POLL);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while NATS reconnects", interrupted);
                }
                waitedMs += RECONNECT_POLL.toMillis();
            }
        }
    }

    private static final Duration RECONNECT_POLL = Duration.ofMillis(100);

    @FunctionalInterface
    private interface Call<T> {
        T get() throws IOException, JetStreamApiException;
    }

    @FunctionalInterface
    private interface MessageRead extends Call<MessageInfo> {
    }
}
