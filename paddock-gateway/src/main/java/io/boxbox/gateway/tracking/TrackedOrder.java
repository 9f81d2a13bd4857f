package io.boxbox.gateway.tracking;

import io.boxbox.pacchetto.gps.GpsTopics;
import io.boxbox.pacchetto.gps.LocationFix;
import io.boxbox.pacchetto.menu.PaddockMap;
import io.boxbox.pacchetto.order.GeoPoint;
import io.boxbox.pacchetto.order.OrderEvent;
import io.boxbox.pacchetto.order.OrderState;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

import java.time.Instant;

/**
 * One order somebody follows on this gateway: who carries it (learnt from its events), where it
 * goes, and the live locations for its SSE streams. A slow stream misses locations rather than
 * holding the relay up (best effort); its state events are never dropped.
 */
final class TrackedOrder {

    /** Closer than this to the door is at the door. */
    private static final double AT_THE_DOOR_KM = 0.02;

    private final String orderId;
    private final GeoPoint destination;
    private final Sinks.Many<LocationUpdate> locations = Sinks.many().multicast().directBestEffort();
    /** How many SSE streams follow it; guarded by {@link TrackedOrders}' map. */
    int watchers;
    private String carrierDevice;
    private String carrierName;
    private Instant knownAt;

    TrackedOrder(String orderId, GeoPoint destination) {
        this.orderId = orderId;
        this.destination = destination;
    }

    Flux<LocationUpdate> locations() {
        return locations.asFlux();
    }

    /**
     * Keeps up with the order's events: the driver named by OUT_FOR_DELIVERY carries it until the
     * next state change (delivered, failed, or back in the queue after the driver vanished). Events
     * older than the newest seen are ignored, so a stream that joins late and replays the history
     * does not undo what a live one learnt.
     */
    synchronized void learn(OrderEvent event) {
        if (knownAt != null && event.at().isBefore(knownAt)) {
            return;
        }
        knownAt = event.at();
        if (event.state() == OrderState.OUT_FOR_DELIVERY && event.actor() != null) {
            carrierName = personOf(event.actor());
            carrierDevice = GpsTopics.deviceId(carrierName);
        } else {
            carrierName = null;
            carrierDevice = null;
        }
    }

    /**
     * Relays the fix if its device carries the order; returns whether it did. It emits under the
     * order's lock: the relay's lanes run in parallel, and two devices on two lanes may send fixes
     * for the same order around a hand-over (a sink takes one emission at a time).
     */
    synchronized boolean relay(LocationFix fix) {
        if (carrierDevice == null || !carrierDevice.equals(fix.driverId())) {
            return false;
        }
        locations.tryEmitNext(new LocationUpdate(orderId, carrierName, fix.lat(), fix.lon(), fix.heading(), fix.speedKmh(),
                etaSeconds(fix), fix.ts()));
        return true;
    }

    private Long etaSeconds(LocationFix fix) {
        if (destination == null) {
            return null;
        }
        double km = PaddockMap.distanceKm(fix.position(), destination);
        if (km < AT_THE_DOOR_KM) {
            return 0L;
        }
        return fix.speedKmh() > 0 ? Math.round(km / fix.speedKmh() * 3600) : null;
    }

    /** "Kimi (driver-sim-1)" → "Kimi": the maestro names people with their instance in brackets. */
    static String personOf(String actor) {
        int bracket = actor.indexOf(" (");
        return bracket < 0 ? actor.strip() : actor.substring(0, bracket).strip();
    }
}
