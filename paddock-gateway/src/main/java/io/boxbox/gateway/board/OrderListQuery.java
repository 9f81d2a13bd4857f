package io.boxbox.gateway.board;

import io.boxbox.gateway.problem.FieldErrors;
import io.boxbox.gateway.problem.MalformedParametersException;
import io.boxbox.pacchetto.order.OrderState;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code GET /v1/orders}'s parameters, read strictly: every one that cannot be read is named in one
 * 400. {@code states} empty means any state.
 */
public record OrderListQuery(Set<OrderState> states, Optional<String> username, Optional<Instant> since, int limit,
                             Optional<OrderCursor> after) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;
    private static final int MAX_USERNAME = 64;

    /** Blank values count as absent: what an HTML form sends for a field left empty. */
    public static OrderListQuery parse(List<String> state, String username, String since, String limit, String cursor) {
        username = blankAsNull(username);
        since = blankAsNull(since);
        limit = blankAsNull(limit);
        cursor = blankAsNull(cursor);
        FieldErrors errors = new FieldErrors();
        Set<OrderState> states = EnumSet.noneOf(OrderState.class);
        for (String value : state == null ? List.<String>of() : state) {
            for (String name : value.split(",", -1)) {
                if (name.isBlank()) {
                    continue;
                }
                try {
                    states.add(OrderState.valueOf(name.strip()));
                } catch (IllegalArgumentException e) {
                    errors.reject("state", "'" + abbreviate(name) + "' is not a state; states are UPPER_SNAKE: "
                            + Arrays.toString(OrderState.values()));
                }
            }
        }
        Optional<String> who = Optional.ofNullable(username);
        if (who.isPresent() && who.get().length() > MAX_USERNAME) {
            errors.reject("username", "a username is 1 to " + MAX_USERNAME + " characters, matched exactly");
        }
        Optional<Instant> from = Optional.empty();
        if (since != null) {
            try {
                from = Optional.of(Instant.parse(since.strip()));
            } catch (DateTimeParseException e) {
                errors.reject("since", "'" + abbreviate(since) + "' is not an ISO-8601 instant such as 2026-12-02T12:00:00Z");
            }
        }
        int size = DEFAULT_LIMIT;
        if (limit != null) {
            try {
                size = Integer.parseInt(limit.strip());
            } catch (NumberFormatException e) {
                size = -1;
            }
            if (size < 1 || size > MAX_LIMIT) {
                errors.reject("limit", "'" + abbreviate(limit) + "' is not a whole number from 1 to " + MAX_LIMIT);
            }
        }
        Optional<OrderCursor> after = Optional.empty();
        if (cursor != null) {
            after = OrderCursor.decode(cursor);
            if (after.isEmpty()) {
                errors.reject("cursor", "not a cursor this gateway gave out; pass next_cursor from the previous page as it is");
            }
        }
        if (!errors.isEmpty()) {
            throw new MalformedParametersException(errors.list());
        }
        return new OrderListQuery(states, who, from, size, after);
    }

    boolean matches(OrderCard card) {
        return (states.isEmpty() || states.contains(card.state()))
                && username.map(card.username()::equals).orElse(true)
                && since.map(s -> !card.orderedAt().isBefore(s)).orElse(true);
    }

    private static String blankAsNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }
}
