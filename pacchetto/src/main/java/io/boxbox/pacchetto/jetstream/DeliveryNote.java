package io.boxbox.pacchetto.jetstream;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.boxbox.pacchetto.order.GeoPoint;
import io.boxbox.pacchetto.order.OrderSnapshot;

import java.time.Instant;

/**
 * The driver's latest position and ETA for one order, kept in KV {@code deliveries}: bookkeeping
 * shown on the order, never a journal entry (a fix every second is not a change of the order).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DeliveryNote(String driver, GeoPoint lastPosition, long etaSeconds, Instant at) {

    /**
     * The snapshot with this note's driver, position and ETA, when the note is newer than the
     * snapshot's last change and the order is still under way; a note never overrides what a
     * journal entry recorded later (the position and ETA 0 of the delivery) nor any state.
     */
    public OrderSnapshot applyTo(OrderSnapshot snapshot) {
        if (snapshot.state().isTerminal() || at.isBefore(snapshot.updatedAt())) {
            return snapshot;
        }
        return snapshot.withDelivery(driver, lastPosition, etaSeconds);
    }
}
