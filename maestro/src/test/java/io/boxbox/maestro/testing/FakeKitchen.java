package io.boxbox.maestro.testing;

import io.boxbox.pacchetto.grpc.Refusals;
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
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.stub.StreamObserver;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The three kitchen services as instant fakes on one loopback port: Gino makes every dough, Sofia
 * tops and bakes every pizza, Kimi drives every ride. A test can make the panettiere refuse
 * (asleep), hold a dough until it lets go, or have every pizza burn; every call is counted per order.
 */
public final class FakeKitchen implements AutoCloseable {

    private final Server server;
    private final Map<String, AtomicInteger> doughs = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> bakes = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> rides = new ConcurrentHashMap<>();
    private volatile boolean panettiereAsleep;
    private volatile boolean everyPizzaBurns;
    private volatile CountDownLatch doughHeld = new CountDownLatch(0);
    private final CountDownLatch doughAsked = new CountDownLatch(1);

    public FakeKitchen() throws IOException {
        server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
                .addService(new Panettiere())
                .addService(new Chef())
                .addService(new Driver())
                .build()
                .start();
    }

    public String address() {
        return "127.0.0.1:" + server.getPort();
    }

    /** Every MakeDough is refused with UNAVAILABLE, as when the whole crew sleeps. */
    public void panettiereSleepsForever() {
        panettiereAsleep = true;
    }

    public void everyPizzaBurns() {
        everyPizzaBurns = true;
    }

    /** MakeDough calls wait until {@link #letTheDoughGo()}. */
    public void holdTheDough() {
        doughHeld = new CountDownLatch(1);
    }

    public void letTheDoughGo() {
        doughHeld.countDown();
    }

    public boolean awaitDoughAsked(Duration within) throws InterruptedException {
        return doughAsked.await(within.toMillis(), TimeUnit.MILLISECONDS);
    }

    public int doughsFor(String orderId) {
        return doughs.getOrDefault(orderId, new AtomicInteger()).get();
    }

    public int bakesFor(String orderId) {
        return bakes.getOrDefault(orderId, new AtomicInteger()).get();
    }

    public int ridesFor(String orderId) {
        return rides.getOrDefault(orderId, new AtomicInteger()).get();
    }

    private static void count(Map<String, AtomicInteger> calls, String orderId) {
        calls.computeIfAbsent(orderId, id -> new AtomicInteger()).incrementAndGet();
    }

    @Override
    public void close() throws InterruptedException {
        letTheDoughGo();
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private final class Panettiere extends PanettiereServiceGrpc.PanettiereServiceImplBase {
        @Override
        public void makeDough(MakeDoughRequest request, StreamObserver<MakeDoughResponse> responses) {
            count(doughs, request.getOrderId());
            doughAsked.countDown();
            if (panettiereAsleep) {
                responses.onError(Refusals.nobodyAvailable("nobody on duty at panettiere: Gino asleep", Duration.ofMillis(20)));
                return;
            }
            try {
                doughHeld.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            responses.onNext(MakeDoughResponse.newBuilder().setOrderId(request.getOrderId())
                    .setPanettiere("Gino").setInstance("panettiere-fake").build());
            responses.onCompleted();
        }
    }

    private final class Chef extends ChefServiceGrpc.ChefServiceImplBase {
        @Override
        public void cook(CookRequest request, StreamObserver<CookUpdate> updates) {
            count(bakes, request.getOrderId());
            updates.onNext(update(request, CookStage.COOK_STAGE_TOPPING, "tomato"));
            updates.onNext(update(request, CookStage.COOK_STAGE_IN_OVEN, "slot 1"));
            updates.onNext(everyPizzaBurns
                    ? update(request, CookStage.COOK_STAGE_BURNT, "left in too long")
                    : update(request, CookStage.COOK_STAGE_READY, "golden"));
            updates.onCompleted();
        }

        private CookUpdate update(CookRequest request, CookStage stage, String detail) {
            return CookUpdate.newBuilder().setOrderId(request.getOrderId()).setStage(stage)
                    .setChef("Sofia").setInstance("chef-fake").setDetail(detail).build();
        }
    }

    private final class Driver extends DriverServiceGrpc.DriverServiceImplBase {
        @Override
        public void deliver(DeliverRequest request, StreamObserver<DeliveryUpdate> updates) {
            count(rides, request.getOrderId());
            updates.onNext(update(request, DeliveryStage.DELIVERY_STAGE_ASSIGNED, 60));
            updates.onNext(update(request, DeliveryStage.DELIVERY_STAGE_PICKED_UP, 50));
            updates.onNext(update(request, DeliveryStage.DELIVERY_STAGE_EN_ROUTE, 20));
            updates.onNext(update(request, DeliveryStage.DELIVERY_STAGE_DELIVERED, 0));
            updates.onCompleted();
        }

        private DeliveryUpdate update(DeliverRequest request, DeliveryStage stage, long eta) {
            return DeliveryUpdate.newBuilder().setOrderId(request.getOrderId()).setStage(stage)
                    .setDriver("Kimi").setInstance("driver-fake").setEtaSeconds(eta)
                    .setPosition(GeoPoint.newBuilder().setLat(request.getDestination().getLat())
                            .setLon(request.getDestination().getLon()))
                    .build();
        }
    }
}
