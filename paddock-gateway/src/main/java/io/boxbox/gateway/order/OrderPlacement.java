package io.boxbox.gateway.order;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxbox.gateway.idempotency.Claim;
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
 * replica's run, mostly no round trip), then index the number and claim the key side by side (both
 * before anything is queued, so a failure of either placed nothing), then queue the order, then
 * record its arrival and confirm the claim side by side (both best effort: the queue already holds
 * the order). Three round trips one after another, five writes (the counter's run aside).
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
    private final SideBySide sideBySide;
    private final ObjectMapper json;

    public OrderPlacement(OrderIntake intake, IdempotencyLedger ledger, OrderJournal journal, OrderNumbers numbers,
                          SideBySide sideBySide, ObjectMapper json) {
        this.intake = intake;
        this.ledger = ledger;
        this.journal = journal;
        this.numbers = numbers;
        this.sideBySide = sideBySide;
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
        try {
            sideBySide.together(() -> confirm(orderId, claim), () -> intake.recordArrival(numbered));
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            // Both halves are best effort and log their own failures; the order is queued.
            LOG.warn("order {} is queued; waiting for its arrival record and confirmation failed: {}", orderId,
                    e.toString());
        }
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
        try {
            return sideBySide.alongside(() -> numbers.index(numbered.orderNumber(), orderId),
                    () -> ledger.claim(orderId, proposed));
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            // Nothing was queued yet; a claim that did land is finished by the retry.
            throw OrderNotConfirmedException.notPlaced(orderId, true, e);
        }
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

    /** The order with the number {@code draw} gives. Nothing is queued yet, so a failure here placed nothing. */
    private Order numbered(Order order, boolean keyed, SideBySide.BrokerCall<String> draw) {
        String number;
        try {
            number = draw.call();
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            throw OrderNotConfirmedException.notPlaced(order.orderId(), keyed, e);
        }
        return new Order(order.orderId(), number, order.username(), order.items(), order.orderType(),
                order.destination(), order.orderedAt(), order.bill());
    }

    /** Best effort: a record left unconfirmed only makes the next repeat look at the queue first. */
    private void confirm(String orderId, Claim claim) {
        try {
            ledger.confirm(orderId, claim);
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            LOG.warn("order {} is queued but its idempotency record could not be confirmed yet: {}", orderId, e.toString());
        }
    }
}
