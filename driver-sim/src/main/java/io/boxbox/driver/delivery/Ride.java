package io.boxbox.driver.delivery;

import io.boxbox.proto.driver.v1.DeliveryStage;
import io.boxbox.proto.driver.v1.DeliveryUpdate;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

import java.util.ArrayList;
import java.util.List;

/**
 * One ride and whoever follows it: the updates go to every caller attached, and a caller who
 * hangs up is dropped without stopping the ride. A caller attaching later hears where the ride
 * stands (the pickup and the latest position) and then follows it to the door.
 */
final class Ride {

    private final List<StreamObserver<DeliveryUpdate>> followers = new ArrayList<>();
    private DeliveryUpdate assigned;
    private DeliveryUpdate pickedUp;
    private DeliveryUpdate latest;
    private boolean ended;

    Ride(StreamObserver<DeliveryUpdate> first) {
        followers.add(first);
    }

    synchronized boolean attach(StreamObserver<DeliveryUpdate> caller) {
        if (ended) {
            return false;
        }
        List<DeliveryUpdate> standing = new ArrayList<>();
        if (pickedUp == null) {
            if (assigned != null) {
                standing.add(assigned);
            }
        } else {
            standing.add(pickedUp);
            if (latest != null && latest != pickedUp) {
                standing.add(latest);
            }
        }
        try {
            standing.forEach(caller::onNext);
            followers.add(caller);
        } catch (RuntimeException gone) {
            // hung up already; nothing to follow
        }
        return true;
    }

    synchronized void send(DeliveryUpdate update) {
        switch (update.getStage()) {
            case DELIVERY_STAGE_ASSIGNED -> assigned = update;
            case DELIVERY_STAGE_PICKED_UP -> pickedUp = update;
            default -> {
            }
        }
        latest = update;
        followers.removeIf(follower -> !deliver(follower, update));
    }

    synchronized void finish(DeliveryUpdate last) {
        if (last.getStage() != DeliveryStage.DELIVERY_STAGE_DELIVERED) {
            throw new IllegalArgumentException("a ride finishes with DELIVERED, not " + last.getStage());
        }
        send(last);
        ended = true;
        followers.forEach(follower -> {
            try {
                follower.onCompleted();
            } catch (RuntimeException gone) {
                // this caller hung up; the others still hear the end
            }
        });
        followers.clear();
    }

    /** The ride ends without a delivery; its callers are told {@code ABORTED} with {@code why}. */
    synchronized void abandon(String why) {
        ended = true;
        followers.forEach(follower -> {
            try {
                follower.onError(Status.ABORTED.withDescription(why).asRuntimeException());
            } catch (RuntimeException gone) {
                // already gone
            }
        });
        followers.clear();
    }

    /** False when the follower is gone (grpc-java throws CANCELLED on a write to a cancelled call). */
    private static boolean deliver(StreamObserver<DeliveryUpdate> follower, DeliveryUpdate update) {
        try {
            follower.onNext(update);
            return true;
        } catch (RuntimeException gone) {
            return false;
        }
    }
}
