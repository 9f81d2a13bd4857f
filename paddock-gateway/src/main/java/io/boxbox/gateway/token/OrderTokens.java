package io.boxbox.gateway.token;

import io.boxbox.gateway.problem.OrderTokenRefusedException;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The order token: a capability to change one order, handed to whoever placed it in the 202 answer.
 * It is HMAC-SHA256(secret, order id), so nothing about it is stored anywhere (no snapshot, event or
 * log holds it) and every replica that shares the secret ({@code boxbox.order-token-secret}, env
 * {@code BOXBOX_ORDER_TOKEN_SECRET}) recognises it, also after a restart.
 */
@Singleton
public class OrderTokens {

    private static final Logger LOG = LoggerFactory.getLogger(OrderTokens.class);
    private static final String ALGORITHM = "HmacSHA256";
    static final int MIN_SECRET_LENGTH = 16;
    private static final String BEARER = "Bearer ";

    private final SecretKeySpec key;

    public OrderTokens(@Value("${boxbox.order-token-secret:}") String secret) {
        if (secret.isEmpty()) {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            LOG.warn("BOXBOX_ORDER_TOKEN_SECRET is not set: order tokens are valid on this gateway process only, so"
                    + " cancelling fails after a restart or on another replica. ./boxbox up generates it into .boxbox/secrets.env");
            this.key = new SecretKeySpec(random, ALGORITHM);
        } else if (secret.length() < MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException("boxbox.order-token-secret (BOXBOX_ORDER_TOKEN_SECRET) must be at least "
                    + MIN_SECRET_LENGTH + " characters; ./boxbox up generates one");
        } else {
            this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
        }
    }

    /** The token of an order; the same order always gets the same token. */
    public String issue(String orderId) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(("order:" + orderId).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every JDK", e);
        }
    }

    /** Passes when {@code authorization} is {@code Bearer <the order's token>}; otherwise refuses (403). */
    public void check(String orderId, String authorization) {
        if (authorization == null || !authorization.startsWith(BEARER)) {
            throw new OrderTokenRefusedException(orderId);
        }
        byte[] offered = authorization.substring(BEARER.length()).strip().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(issue(orderId).getBytes(StandardCharsets.UTF_8), offered)) {
            throw new OrderTokenRefusedException(orderId);
        }
    }
}
