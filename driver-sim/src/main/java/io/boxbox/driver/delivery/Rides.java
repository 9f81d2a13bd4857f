package io.boxbox.driver.delivery;

import io.boxbox.proto.driver.v1.DeliveryUpdate;
import io.grpc.stub.StreamObserver;
import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The rides of this driver-sim instance by order id: the one running (which a new Deliver for the
 * same order re-attaches to, instead of sending a second driver), and the last few thousand
 * delivered (a late Deliver is simply told DELIVERED).
 */
@Singleton
public class Rides {

    private static final int DELIVERED_REMEMBERED = 10_000;

    private final Map<String, Ride> running = new ConcurrentHashMap<>();
    private final Map<String, DeliveryUpdate> delivered = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, DeliveryUpdate> eldest) {
            return size() > DELIVERED_REMEMBERED;
        }
    };

    /** Puts the caller on the order's ride if there is one (running or done); false when there is none. */
    public boolean follow(String orderId, StreamObserver<DeliveryUpdate> caller) {
        for (int look = 0; look < 2; look++) {
            Optional<DeliveryUpdate> done = deliveredUpdate(orderId);
            if (done.isPresent()) {
                caller.onNext(done.get());
                caller.onCompleted();
                return true;
            }
            Ride ride = running.get(orderId);
            if (ride == null) {
                return false;
            }
            if (ride.attach(caller)) {
                return true;
            }
            // It ended between the two looks: it is delivered now, or was abandoned before the pickup.
        }
        return false;
    }

    /** A new ride for the order with its first caller, or empty when another caller just started one. */
    Optional<Ride> start(String orderId, StreamObserver<DeliveryUpdate> caller) {
        Ride ride = new Ride(caller);
        return running.putIfAbsent(orderId, ride) == null ? Optional.of(ride) : Optional.empty();
    }

    void delivered(String orderId, Ride ride, DeliveryUpdate last) {
        synchronized (delivered) {
            delivered.put(orderId, last);
        }
        ride.finish(last);
        running.remove(orderId, ride);
    }

    /** The ride ended without a delivery (the caller hung up before the pickup, or the depot closes). */
    void abandoned(String orderId, Ride ride, String why) {
        ride.abandon(why);
        running.remove(orderId, ride);
    }

    private Optional<DeliveryUpdate> deliveredUpdate(String orderId) {
        synchronized (delivered) {
            return Optional.ofNullable(delivered.get(orderId));
        }
    }
}
