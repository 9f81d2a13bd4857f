package io.boxbox.gateway.tracking;

import io.boxbox.pacchetto.gps.LocationFix;
import io.boxbox.pacchetto.order.OrderEvent;
import io.boxbox.pacchetto.order.OrderSnapshot;
import jakarta.inject.Singleton;
import reactor.core.publisher.Flux;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The orders followed on this gateway right now, and the fixes relayed to them. Only followed
 * orders are tracked, so knowing who carries an order costs nothing extra: each SSE stream already
 * reads the order's events, which name the driver. Nothing here reads or writes KV per fix; the
 * snapshot's last position and ETA are the maestro's, from the driver's gRPC stream.
 */
@Singleton
public class TrackedOrders {

    /** What became of a fix that passed scrutiny. */
    public enum Outcome {
        RELAYED,
        /** Nobody follows that order on this gateway. */
        UNWATCHED,
        /** Its device is not the one carrying the order. */
        UNASSIGNED
    }

    private final Map<String, TrackedOrder> followed = new ConcurrentHashMap<>();

    /**
     * The live locations of an order while the returned flux is subscribed. Subscribe to it before
     * the order's events are fed to {@link #learn}, so none of them is missed.
     */
    public Flux<LocationUpdate> follow(OrderSnapshot order) {
        String orderId = order.orderId();
        return Flux.defer(() -> {
            TrackedOrder tracked = followed.compute(orderId, (id, existing) -> {
                TrackedOrder result = existing != null ? existing
                        : new TrackedOrder(id, order.destination() == null ? null : order.destination().point());
                result.watchers++;
                return result;
            });
            return tracked.locations().doFinally(signal -> followed.computeIfPresent(orderId,
                    (id, existing) -> --existing.watchers == 0 ? null : existing));
        });
    }

    /** Feeds an event of a followed order; events of orders nobody follows here are ignored. */
    public void learn(OrderEvent event) {
        TrackedOrder tracked = followed.get(event.orderId());
        if (tracked != null) {
            tracked.learn(event);
        }
    }

    public Outcome offer(LocationFix fix) {
        TrackedOrder tracked = followed.get(fix.orderId());
        if (tracked == null) {
            return Outcome.UNWATCHED;
        }
        return tracked.relay(fix) ? Outcome.RELAYED : Outcome.UNASSIGNED;
    }

    public int followed() {
        return followed.size();
    }
}
