package io.boxbox.gateway.stream;

import java.util.OptionalLong;

/**
 * The {@code Last-Event-ID} a reconnecting EventSource sends: the stream sequence of the last
 * state frame it saw. Anything else (an id from before ids were sequences) counts as none, so the
 * client gets a stream as if new rather than an error it cannot fix.
 */
final class LastEventId {

    private LastEventId() {
    }

    static OptionalLong parse(String header) {
        if (header == null || header.isBlank() || !header.strip().chars().allMatch(Character::isDigit)
                || header.strip().length() > 18) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(header.strip()));
    }
}
