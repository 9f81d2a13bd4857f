package io.boxbox.maestro.kitchen;

import io.boxbox.pacchetto.crew.AbsenceKind;
import io.boxbox.proto.chef.v1.ChefServiceGrpc;
import io.boxbox.proto.chef.v1.CookRequest;
import io.boxbox.proto.chef.v1.CookStage;
import io.boxbox.proto.chef.v1.CookUpdate;
import io.boxbox.proto.common.v1.GeoPoint;
import io.boxbox.proto.driver.v1.DeliverRequest;
import io.boxbox.proto.driver.v1.DeliveryStage;
import io.boxbox.proto.driver.v1.DeliveryUpdate;
import io.boxbox.proto.driver.v1.DriverServiceGrpc;
import io.boxbox.proto.panettiere.v1.MakeDoughRequest;
import io.boxbox.proto.panettiere.v1.MakeDoughResponse;
import io.boxbox.proto.panettiere.v1.PanettiereServiceGrpc;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A panettiere, a chef and a driver that do what a test tells them, on an in-process gRPC server:
 * each counts the calls it took and the calls whose caller hung up, and can hold an order in its
 * hands until the test lets go (or the caller cancels), so a test can act "while the dough is made".
 */
public final class FakeKitchen implements AutoCloseable {

    /** How long a held order waits for the test at most, so a broken test ends instead of hanging. */
    static final Duration HOLD_AT_MOST = Duration.ofSeconds(30);

    public final Station panettiere = new Station();
    public final Station chef = new Station();
    public final Station driver = new Station();

    private final String name = InProcessServerBuilder.generateName();
    private final Server server;
    private final ManagedChannel channel;

    public FakeKitchen() throws Exception {
        server = InProcessServerBuilder.forName(name)
                .addService(new Panettiere()).addService(new Chef()).addService(new Driver())
                .build().start();
        channel = InProcessChannelBuilder.forName(name).build();
    }

    public ManagedChannel channel() {
        return channel;
    }

    /** A refusal as a real kitchen service gives it: status, retry-after and who is away. */
    public static StatusRuntimeException asleep(String description, boolean overslept) {
        Metadata trailers = new Metadata();
        trailers.put(Metadata.Key.of("boxbox-retry-after-ms", Metadata.ASCII_STRING_MARSHALLER), "50");
        trailers.put(Metadata.Key.of("boxbox-absence", Metadata.ASCII_STRING_MARSHALLER), AbsenceKind.ASLEEP.name());
        if (overslept) {
            trailers.put(Metadata.Key.of("boxbox-overrun", Metadata.ASCII_STRING_MARSHALLER), AbsenceKind.ASLEEP.name());
        }
        return Status.UNAVAILABLE.withDescription(description).asRuntimeException(trailers);
    }

    /** One fake service's script and what happened to it. */
    public static final class Station {
        /** Calls refused with {@link #refusal} while positive. */
        public final AtomicInteger refuseNext = new AtomicInteger();
        public volatile StatusRuntimeException refusal = asleep("nobody on duty", false);
        /** Hold taken orders (after the first update, for streams) until {@link #letGo} or cancel. */
        public volatile boolean hold;
        /** For the driver: rides that break ("driver-sim restarting") right after the pickup. */
        public final AtomicInteger breakAfterPickup = new AtomicInteger();
        public final AtomicInteger refused = new AtomicInteger();
        public final AtomicInteger taken = new AtomicInteger();
        public final AtomicInteger hungUp = new AtomicInteger();
        public final CountDownLatch holding = new CountDownLatch(1);
        public final CountDownLatch hangUp = new CountDownLatch(1);
        private final CountDownLatch letGo = new CountDownLatch(1);

        public void letGo() {
            letGo.countDown();
        }

        /** Whether to serve the call: false once it has been refused. */
        private boolean take(StreamObserver<?> responses) {
            if (refuseNext.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
                refused.incrementAndGet();
                responses.onError(refusal);
                return false;
            }
            taken.incrementAndGet();
            return true;
        }

        /** Returns false when the caller hung up while the order was held. */
        private boolean holdIfAsked() {
            if (!hold) {
                return true;
            }
            Context.current().addListener(context -> {
                hungUp.incrementAndGet();
                hangUp.countDown();
            }, Runnable::run);
            holding.countDown();
            long until = System.nanoTime() + HOLD_AT_MOST.toNanos();
            try {
                while (!letGo.await(20, TimeUnit.MILLISECONDS) && !Context.current().isCancelled()
                        && System.nanoTime() < until) {
                    // holding the order until the test lets go or the caller hangs up
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return !Context.current().isCancelled();
        }
    }

    private final class Panettiere extends PanettiereServiceGrpc.PanettiereServiceImplBase {
        @Override
        public void makeDough(MakeDoughRequest request, StreamObserver<MakeDoughResponse> responses) {
            if (!panettiere.take(responses) || !panettiere.holdIfAsked()) {
                return;
            }
            responses.onNext(MakeDoughResponse.newBuilder().setOrderId(request.getOrderId())
                    .setPanettiere("Gino").setInstance("panettiere-test").build());
            responses.onCompleted();
        }
    }

    private final class Chef extends ChefServiceGrpc.ChefServiceImplBase {
        @Override
        public void cook(CookRequest request, StreamObserver<CookUpdate> updates) {
            if (!chef.take(updates)) {
                return;
            }
            updates.onNext(cookUpdate(request, CookStage.COOK_STAGE_TOPPING, "tomato, basil"));
            if (!chef.holdIfAsked()) {
                return;
            }
            try {
                updates.onNext(cookUpdate(request, CookStage.COOK_STAGE_IN_OVEN, "baking for 8 s"));
                updates.onNext(cookUpdate(request, CookStage.COOK_STAGE_READY, "out of the oven"));
                updates.onCompleted();
            } catch (StatusRuntimeException callerGone) {
                chef.hungUp.incrementAndGet();
            }
        }

        private CookUpdate cookUpdate(CookRequest request, CookStage stage, String detail) {
            return CookUpdate.newBuilder().setOrderId(request.getOrderId()).setStage(stage)
                    .setChef("Massimo").setInstance("chef-test").setDetail(detail).build();
        }
    }

    private final class Driver extends DriverServiceGrpc.DriverServiceImplBase {

        private final java.util.Set<String> broken = java.util.concurrent.ConcurrentHashMap.newKeySet();

        @Override
        public void deliver(DeliverRequest request, StreamObserver<DeliveryUpdate> updates) {
            if (!driver.take(updates)) {
                return;
            }
            boolean reattached = broken.remove(request.getOrderId());
            if (!reattached) {
                updates.onNext(deliveryUpdate(request, DeliveryStage.DELIVERY_STAGE_ASSIGNED, 120));
            }
            // a re-attached caller hears the pickup again, as driver-sim replays it
            updates.onNext(deliveryUpdate(request, DeliveryStage.DELIVERY_STAGE_PICKED_UP, 120));
            if (driver.breakAfterPickup.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
                broken.add(request.getOrderId());
                updates.onError(Status.UNAVAILABLE.withDescription("driver-sim restarting").asRuntimeException());
                return;
            }
            updates.onNext(deliveryUpdate(request, DeliveryStage.DELIVERY_STAGE_EN_ROUTE, 60));
            updates.onNext(deliveryUpdate(request, DeliveryStage.DELIVERY_STAGE_DELIVERED, 0));
            updates.onCompleted();
        }

        private DeliveryUpdate deliveryUpdate(DeliverRequest request, DeliveryStage stage, long eta) {
            return DeliveryUpdate.newBuilder().setOrderId(request.getOrderId()).setStage(stage)
                    .setDriver("Kimi").setInstance("driver-test").setEtaSeconds(eta)
                    .setPosition(GeoPoint.newBuilder().setLat(45.62).setLon(9.28)).build();
        }
    }

    @Override
    public void close() throws Exception {
        panettiere.letGo();
        chef.letGo();
        driver.letGo();
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
}
