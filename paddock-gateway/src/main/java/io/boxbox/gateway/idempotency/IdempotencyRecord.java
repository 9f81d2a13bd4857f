package io.boxbox.gateway.idempotency;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.time.Instant;

/**
 * What an Idempotency-Key stands for, kept in KV {@code idempotency}: the order it made, a hash
 * of what was ordered (so the same key with another body is recognised), when it was ordered, and
 * whether JetStream confirmed it is on the queue. {@code queued} false means the first request
 * may have failed anywhere between claiming the key and the queue's acknowledgement.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record IdempotencyRecord(String orderId, String bodyHash, Instant orderedAt, boolean queued) {

    public IdempotencyRecord confirmed() {
        return new IdempotencyRecord(orderId, bodyHash, orderedAt, true);
    }
}
