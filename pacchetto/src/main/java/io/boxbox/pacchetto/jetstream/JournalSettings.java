package io.boxbox.pacchetto.jetstream;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;

/**
 * How long a journal read or write waits for NATS while the client reconnects
 * ({@code boxbox.journal.reconnect-patience}). The connection keeps no reconnect buffer, so jnats
 * refuses at once while it reconnects: right for the gateway, which answers 503 instead of making
 * a customer wait (0, the default), wrong for the kitchen, where a refused write in a broker's
 * two-second restart abandoned a pizza that was fine in the oven (the maestro sets a few seconds).
 * {@code boxbox.journal.remembered-orders}: of how many orders the journal remembers the last
 * entry, so their next change appends without reading first ({@link LastEntries}; 0, the default,
 * reads before every change; the maestro, which changes each order it works on many times,
 * remembers its orders in flight).
 */
@ConfigurationProperties("boxbox.journal")
public record JournalSettings(@NotNull @Bindable(defaultValue = "0s") Duration reconnectPatience,
                              @Min(0) @Bindable(defaultValue = "0") int rememberedOrders) {
}
