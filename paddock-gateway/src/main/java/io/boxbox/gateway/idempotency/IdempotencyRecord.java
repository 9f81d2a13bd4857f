package io.boxbox.gateway.idempotency;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.boxbox.pacchetto.menu.Bill;

import java.time.Instant;

/**
 * What an Idempotency-Key stands for, kept in KV {@code idempotency}: the order it made, its
 * number and bill (a repeat answers the same ones, and draws no new number), a hash of what was
 * ordered (so the same key with another body is recognised), when it was ordered, and whether
 * JetStream confirmed it is on the queue. {@code queued} false means the first request may have
 * failed anywhere between claiming the key and the queue's acknowledgement. A record written
 * before order numbers has none ({@code null}); one written by a newer gateway may carry fields
 * this one does not know, which it ignores.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record IdempotencyRecord(String orderId, String orderNumber, String bodyHash, Instant orderedAt, Bill bill,
                                boolean queued) {

    public IdempotencyRecord confirmed() {
        return new IdempotencyRecord(orderId, orderNumber, bodyHash, orderedAt, bill, true);
    }
}
