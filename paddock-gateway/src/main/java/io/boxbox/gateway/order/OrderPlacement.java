package io.boxbox.gateway.order;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxbox.gateway.idempotency.Claim;
import io.boxbox.gateway.jetstream.PendingWrite;
import io.boxbox.gateway.idempotency.IdempotencyLedger;
import io.boxbox.gateway.idempotency.IdempotencyRecord;
import io.boxbox.gateway.number.OrderNumbers;
import io.boxbox.gateway.problem.FieldErrors;
import io.boxbox.gateway.problem.OrderNotConfirmedException;
import io.boxbox.pacchetto.jetstream.OrderJournal;
import io.boxbox.pacchetto.menu.Bill;
import io.boxbox.pacchetto.order.Order;
import io.boxbox.pacchetto.order.OrderSnapshot;
import io.boxbox.pacchetto.order.OrderState;
import io.nats.client.JetStreamApiException;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Instant;

/**
 * Places a validated order once, with its order number. Without an Idempotency-Key every request
 * is a new order. With one, the key is claimed in KV {@code idempotency} before anything is
 * queued; a later request with the same person and key gets the first answer (same id, number,
 * bill and ordered_at) for the key's whole lifetime and finishes the first request's work if that
 * one never heard back from the queue. The same key with another order is refused.
 *
 * <p>The broker calls of one keyed order, in the order they must happen: draw a number (from this
 * replica's run, mostly no round trip), then index the number and claim the key together (both
 * before anything is queued, so a failure of either placed nothing), then queue the order, then
 * record its arrival and confirm the claim together (both best effort: the queue already holds
 * the order). Three round trips one after another, five writes (the counter's run aside). "Together"
 * is one thread: the index entry and the confirmation are sent without waiting
 * ({@link io.boxbox.gateway.jetstream.PendingWrite}), the claim and the arrival are written while
 * they travel, and then their acknowledgements are awaited. Every write is acknowledged (or has
 * failed and been handled) before the answer goes out.
 */
@Singleton
public class OrderPlacement {

    private static final Logger LOG = LoggerFactory.getLogger(OrderPlacement.class);

    /** What happened to a request: the order, and whether it repeated an earlier one. */
    public record Placed(String orderId, String orderNumber, Instant orderedAt, Bill bill, OrderState state,
                         boolean replayed) {
    }

    private final OrderIntake intake;
    private final IdempotencyLedger ledger;
    private final OrderJournal journal;
    private final OrderNumbers numbers;
    private final ObjectMapper json;

    public OrderPlacement(OrderIntake intake, IdempotencyLedger ledger, OrderJournal journal, OrderNumbers numbers,
                          ObjectMapper json) {
        this.intake = intake;
        this.ledger = ledger;
        this.journal = journal;
        this.numbers = numbers;
        this.json = json;
    }

    /** {@code order}'s id is already derived from the person and the key when a key is given. */
    public Placed place(Order order, String idempotencyKey) {
        if (idempotencyKey == null) {
            Order numbered = numbered(order, false, () -> numbers.issue(order.orderId()));
            intake.accept(numbered, false);
            return new Placed(numbered.orderId(), numbered.orderNumber(), numbered.orderedAt(), numbered.bill(),
                    OrderState.RECEIVED, false);
        }
        String orderId = order.orderId();
        String bodyHash = OrderFingerprint.of(order, json);
        Order numbered = numbered(order, true, numbers::draw);
        Claim claim = claim(numbered, bodyHash);
        if (!claim.first()) {
            // A repeat: the number just drawn names nothing. Its index names this order id, whose
            // order kept its first number; the lookup by number checks that, and the next draw
            // overwrites the index when the number is issued again.
            numbers.giveBack(numbered.orderNumber());
            return repeat(order, bodyHash, claim);
        }
        intake.queue(numbered, true);
        // Both best effort (the order is queued), both awaited: the confirmation travels while the arrival is written.
        IdempotencyLedger.Confirmation confirmation = sendConfirmation(orderId, claim);
        intake.recordArrival(numbered);
        awaitConfirmation(orderId, confirmation);
        return new Placed(orderId, numbered.orderNumber(), numbered.orderedAt(), numbered.bill(), OrderState.RECEIVED,
                false);
    }

    /**
     * Claims the order's key with its number, while the number's index is written: both before
     * anything is queued. Claim first, no look before: a repeat is rare, and the claim tells it apart.
     */
    private Claim claim(Order numbered, String bodyHash) {
        String orderId = numbered.orderId();
        IdempotencyRecord proposed = new IdempotencyRecord(orderId, numbered.orderNumber(), bodyHash,
                numbered.orderedAt(), numbered.bill(), false);
        PendingWrite index;
        try {
            index = numbers.sendIndex(numbered.orderNumber(), orderId);
        } catch (RuntimeException e) {
            throw OrderNotConfirmedException.notPlaced(orderId, true, e);
        }
        Claim claim;
        try {
            claim = ledger.claim(orderId, proposed);
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            try {
                index.await();
            } catch (IOException | JetStreamApiException | RuntimeException indexFailure) {
                e.addSuppressed(indexFailure);
            }
            // Nothing was queued yet; a claim that did land is finished by the retry.
            throw OrderNotConfirmedException.notPlaced(orderId, true, e);
        }
        try {
            index.await();
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            throw OrderNotConfirmedException.notPlaced(orderId, true, e);
        }
        return claim;
    }

    /** A request whose key an earlier request claimed: that request's answer, its work finished if need be. */
    private Placed repeat(Order order, String bodyHash, Claim claim) {
        String orderId = order.orderId();
        IdempotencyRecord first = claim.record();
        if (!first.bodyHash().equals(bodyHash)) {
            new FieldErrors().reject("Idempotency-Key", "was already used by " + order.username()
                    + " for a different order (order " + orderId + "); use a new key for a new order").throwIfAny();
        }
        // The same items bill the same, unless the menu's prices changed since: the first bill stands.
        Bill bill = first.bill() != null ? first.bill() : order.bill();
        Order original = new Order(orderId, first.orderNumber(), order.username(), order.items(),
                order.orderType(), order.destination(), first.orderedAt(), bill);
        try {
            if (!first.queued()) {
                // The first request never heard back from the queue (or is still waiting): make sure
                // the order is on it, exactly once. A repeat publish inside the dedupe window is dropped.
                // Its number's index went alongside its claim, which may have failed: write it again.
                numbers.index(first.orderNumber(), orderId);
                if (!intake.isQueued(orderId)) {
                    LOG.info("order {}: its first request did not reach the queue; queueing it for the retry", orderId);
                    intake.accept(original, true);
                }
                confirm(orderId, claim);
            }
            OrderSnapshot now = journal.find(orderId).orElse(null);
            if (now == null) {
                // Queued, but the request that queued it never recorded its arrival: do it now (once).
                intake.recordArrival(original);
                return new Placed(orderId, first.orderNumber(), first.orderedAt(), bill, OrderState.RECEIVED, true);
            }
            return new Placed(orderId, first.orderNumber(), first.orderedAt(), bill, now.state(), true);
        } catch (IOException | JetStreamApiException | IllegalStateException e) {
            // Whether the first request's order is on the queue is still unknown; the next retry looks again.
            throw OrderNotConfirmedException.outcomeUnknown(orderId, true, e);
        }
    }

    /** A blocking call to the broker that answers something. */
    @FunctionalInterface
    private interface BrokerCall<T> {
        T call() throws IOException, JetStreamApiException;
    }

    /** The order with the number {@code draw} gives. Nothing is queued yet, so a failure here placed nothing. */
    private Order numbered(Order order, boolean keyed, BrokerCall<String> draw) {
        String number;
        try {
            number = draw.call();
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            throw OrderNotConfirmedException.notPlaced(order.orderId(), keyed, e);
        }
        return new Order(order.orderId(), number, order.username(), order.items(), order.orderType(),
                order.destination(), order.orderedAt(), order.bill());
    }

    /** Best effort: null when it could not be sent (logged); see {@link #confirm}. */
    private IdempotencyLedger.Confirmation sendConfirmation(String orderId, Claim claim) {
        try {
            return ledger.sendConfirmation(orderId, claim);
        } catch (IOException | RuntimeException e) {
            unconfirmed(orderId, e);
            return null;
        }
    }

    private static void awaitConfirmation(String orderId, IdempotencyLedger.Confirmation confirmation) {
        if (confirmation == null) {
            return;
        }
        try {
            confirmation.await();
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            unconfirmed(orderId, e);
        }
    }

    private static void unconfirmed(String orderId, Exception e) {
        LOG.warn("order {} is queued but its idempotency record could not be confirmed yet: {}", orderId, e.toString());
    }

    /** Best effort: a record left unconfirmed only makes the next repeat look at the queue first. */
    private void confirm(String orderId, Claim claim) {
        awaitConfirmation(orderId, sendConfirmation(orderId, claim));
    }
}
