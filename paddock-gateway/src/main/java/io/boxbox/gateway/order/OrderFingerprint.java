package io.boxbox.gateway.order;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxbox.pacchetto.order.Order;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A SHA-256 of what identifies an order: who, what and where, as validated (so {@code "border":
 * "none"} and no border are the same order), without its id and time, which a repeat shares anyway.
 */
final class OrderFingerprint {

    private OrderFingerprint() {
    }

    static String of(Order order, ObjectMapper json) {
        try {
            byte[] what = json.writeValueAsBytes(Arrays.asList(order.username(), order.items(), order.orderType(),
                    order.destination()));
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(what));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("a validated order must hash", e);
        }
    }
}
