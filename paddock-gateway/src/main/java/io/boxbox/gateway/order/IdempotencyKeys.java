package io.boxbox.gateway.order;

import io.boxbox.gateway.problem.FieldErrors;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Turns a client's {@code Idempotency-Key} into the order id: the same person sending the same key
 * gets the same id. That id names the key's record in KV {@code idempotency} (see
 * {@link OrderPlacement}) and is the order's Nats-Msg-Id, so two publishes of it inside the dedupe
 * window are stored once. Without a key every order gets a fresh random id.
 */
final class IdempotencyKeys {

    private static final Pattern PRINTABLE = Pattern.compile("^[\\x21-\\x7E]{1,128}$");

    private IdempotencyKeys() {
    }

    static String orderId(String username, String key) {
        if (key == null) {
            return UUID.randomUUID().toString();
        }
        if (!PRINTABLE.matcher(key).matches()) {
            new FieldErrors().reject("Idempotency-Key", "must be 1 to 128 printable ASCII characters without spaces")
                    .throwIfAny();
        }
        return UUID.nameUUIDFromBytes(("order:" + username + ":" + key).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
