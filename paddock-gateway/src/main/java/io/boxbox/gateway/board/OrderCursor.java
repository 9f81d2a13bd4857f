package io.boxbox.gateway.board;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A place in the order list: the order's {@code ordered_at} and id, the list's sort key (newest
 * first, then by id). It names data, not a position in memory, so it means the same to every
 * replica and after a restart, and orders placed meanwhile (newer) never shift a later page.
 * Opaque to clients: base64url of {@code v1:<epoch seconds>.<nanos>:<order id>}.
 */
public record OrderCursor(Instant orderedAt, String orderId) {

    /** Newest first; among orders placed at the same instant, by id. */
    public static final Comparator<OrderCursor> NEWEST_FIRST = Comparator.comparing(OrderCursor::orderedAt).reversed()
            .thenComparing(OrderCursor::orderId);

    private static final Pattern SHAPE = Pattern.compile(
            "v1:(-?\\d{1,12})\\.(\\d{1,9}):([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})");

    static OrderCursor of(OrderCard card) {
        return new OrderCursor(card.orderedAt(), card.orderId());
    }

    public String encode() {
        String plain = "v1:" + orderedAt.getEpochSecond() + "." + orderedAt.getNano() + ":" + orderId;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.US_ASCII));
    }

    static Optional<OrderCursor> decode(String cursor) {
        if (cursor.length() > 200) {
            return Optional.empty();
        }
        try {
            String plain = new String(Base64.getUrlDecoder().decode(cursor.strip()), StandardCharsets.US_ASCII);
            Matcher m = SHAPE.matcher(plain);
            if (!m.matches()) {
                return Optional.empty();
            }
            return Optional.of(new OrderCursor(Instant.ofEpochSecond(Long.parseLong(m.group(1)), Long.parseLong(m.group(2))),
                    m.group(3)));
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            return Optional.empty();
        }
    }
}
