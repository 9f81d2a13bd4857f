package io.boxbox.pacchetto.jetstream;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.boxbox.pacchetto.order.OrderType;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The sign over one maestro's pass: which order types it takes. Each maestro puts its own in KV
 * {@code kitchens} (key: its instance, {@link #key()}) every second while its pass is open, and
 * takes it down on shutdown; the gateway reads them all to say which types are being made
 * ({@code GET /v1/kitchens}). A sign whose heartbeat is older than the reader's stale limit is a
 * maestro that died without taking it down.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record KitchenSign(String instance, List<OrderType> orderTypes, Instant heartbeatAt) {

    public KitchenSign {
        orderTypes = List.copyOf(orderTypes);
    }

    /** The KV key: the instance, in the characters KV keys allow. */
    public String key() {
        return key(instance);
    }

    public static String key(String instance) {
        return instance.replaceAll("[^A-Za-z0-9_=.\\-/]", "_");
    }

    public boolean isFresh(Instant now, Duration staleAfter) {
        return heartbeatAt != null && !heartbeatAt.plus(staleAfter).isBefore(now);
    }
}
