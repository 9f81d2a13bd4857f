package io.boxbox.gateway.order;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxbox.gateway.idempotency.Claim;
import io.boxbox.gateway.idempotency.IdempotencyLedger;
import io.boxbox.gateway.idempotency.IdempotencyRecord;
import io.boxbox.gateway.problem.FieldErrors;
import io.boxbox.gateway.problem.OrderNotConfirmedException;
import io.boxbox.pacchetto.jetstream.OrderJournal;
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
 * Places a validated order once. Without an Idempotency-Key every request is a new order. With
 * one, the key is claimed in KV {@code idempotency} before anything is queued; a later request
 * with the same person and key gets the first answer (same id, same ordered_at) for the key's
 * whole lifetime, and finishes the first request's work if that one never heard back from the
 * queue. The same key with another order is refused.
 */
@Singleton
public class OrderPlacement {

    private static final Logger LOG = LoggerFactory.getLogger(OrderPlacement.class);

    /** What happened to a request: the order, and whether it repeated an earlier one. */
    public record Placed(String orderId, Instant orderedAt, OrderState state, boolean replayed) {
    }

    private final OrderIntake intake;
    private final IdempotencyLedger ledger;
    private final OrderJournal journal;
    private final ObjectMapper json;

    public OrderPlacement(OrderIntake intake, IdempotencyLedger ledger, OrderJournal journal, ObjectMapper json) {
        this.intake = intake;
        this.ledger = ledger;
        this.journal = journal;
        this.json = json;
    }

    /** {@code order}'s id is already derived from the person and the key when a key is given. */
    public Placed place(Order order, String idempotencyKey) {
        if (idempotencyKey == null) {
            intake.accept(order, false);
            return new Placed(order.orderId(), order.orderedAt(), OrderState.RECEIVED, false);
        }
        String orderId = order.orderId();
        IdempotencyRecord proposed = new IdempotencyRecord(orderId, OrderFingerprint.of(order, json), order.orderedAt(), false);
        Claim claim;
        try {
            claim = ledger.claim(orderId, proposed);
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            // Nothing was queued yet; a claim that did land is finished by the retry.
            throw OrderNotConfirmedException.notPlaced(orderId, true, e);
        }
        if (claim.first()) {
            intake.accept(order, true);
            confirm(orderId, claim);
            return new Placed(orderId, order.orderedAt(), OrderState.RECEIVED, false);
        }
        IdempotencyRecord first = claim.record();
        if (!first.bodyHash().equals(proposed.bodyHash())) {
            new FieldErrors().reject("Idempotency-Key", "was already used by " + order.username()
                    + " for a different order (order " + orderId + "); use a new key for a new order").throwIfAny();
        }
        Order original = new Order(orderId, order.orderNumber(), order.username(), order.items(),
                order.orderType(), order.destination(), first.orderedAt(), order.bill());
        try {
            if (!first.queued()) {
                // The first request never heard back from the queue (or is still waiting): make sure
                // the order is on it, exactly once. A repeat publish inside the dedupe window is dropped.
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
                return new Placed(orderId, first.orderedAt(), OrderState.RECEIVED, true);
            }
            return new Placed(orderId, first.orderedAt(), now.state(), true);
        } catch (IOException | JetStreamApiException | IllegalStateException e) {
            // Whether the first request's order is on the queue is still unknown; the next retry looks again.
            throw OrderNotConfirmedException.outcomeUnknown(orderId, true, e);
        }
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
