package io.boxbox.gateway.idempotency;

/**
 * The outcome of claiming an Idempotency-Key: either this request made the record (and so places
 * the order), or an earlier request did, and its record is the answer to give.
 *
 * @param record   the record now stored under the key
 * @param revision its KV revision, for confirming it later with compare-and-set
 * @param first    true when this request created it
 */
public record Claim(IdempotencyRecord record, long revision, boolean first) {
}
