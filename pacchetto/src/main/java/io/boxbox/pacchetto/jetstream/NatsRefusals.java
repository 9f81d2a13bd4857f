package io.boxbox.pacchetto.jetstream;

import io.nats.client.Connection;
import io.nats.client.impl.ErrorListenerLoggerImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes NATS's refusals visible. The server answers a publish or subscribe outside the user's
 * permissions (deploy/nats/users.conf) with {@code -ERR 'Permissions Violation for Publish to "x"'},
 * which jnats hands to the error listener and nowhere else: the publish itself does not fail. Each
 * one is logged as an error with the refused subject, the operation and the user as JSON fields
 * ({@code nats_subject}, {@code nats_operation}, {@code nats_user}), so an operator can see which
 * permission is missing. Everything else keeps jnats's own logging.
 */
final class NatsRefusals extends ErrorListenerLoggerImpl {

    private static final Logger LOG = LoggerFactory.getLogger(NatsRefusals.class);
    private static final Pattern VIOLATION = Pattern.compile("Permissions Violation for (\\w+) to \"([^\"]*)\"");

    private final String user;

    NatsRefusals(String user) {
        this.user = user == null || user.isBlank() ? "(anonymous)" : user;
    }

    @Override
    public void errorOccurred(Connection conn, String error) {
        Matcher violation = VIOLATION.matcher(error);
        if (!violation.find()) {
            LOG.warn("NATS error: {}", error);
            return;
        }
        try (MDC.MDCCloseable subject = MDC.putCloseable("nats_subject", violation.group(2));
             MDC.MDCCloseable operation = MDC.putCloseable("nats_operation", violation.group(1).toLowerCase(java.util.Locale.ROOT));
             MDC.MDCCloseable who = MDC.putCloseable("nats_user", user)) {
            LOG.error("NATS refused {} {} for user {}: Permissions Violation (deploy/nats/users.conf)",
                    violation.group(1).toLowerCase(java.util.Locale.ROOT), violation.group(2), user);
        }
    }

    /** The refused subject of a jnats error, or null when it is not a permissions violation (tests). */
    static String refusedSubject(String error) {
        Matcher violation = VIOLATION.matcher(error);
        return violation.find() ? violation.group(2) : null;
    }
}
