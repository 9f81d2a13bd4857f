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
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
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
    /** How long calls wait for each other when a test asks them to meet. */
    static final Duration MEET_AT_MOST = Duration.ofSeconds(10);

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
        /** The pizza number of every call taken, in the order taken (0 from a caller that names none). */
        public final List<Integer> pizzas = new CopyOnWriteArrayList<>();
        /** When each taken call started and ended (wall clock), to see pizzas made side by side. */
        public final List<Instant[]> spans = new CopyOnWriteArrayList<>();
        /** How long each taken call works (a dough kneaded, a pizza baked) before it answers. */
        public volatile Duration workTime = Duration.ZERO;
        /**
         * When set, each taken call first waits (up to {@link #MEET_AT_MOST}) until as many calls as
         * the latch counts have arrived: "side by side" then does not depend on how fast a loaded
         * machine starts the calls, while calls made one after another still never overlap.
         */
        public volatile CountDownLatch meet;
        /** For the chef: pizzas that burn the first time they are baked. */
        public final Set<Integer> burnOnce = ConcurrentHashMap.newKeySet();
        /** For the chef: pizzas whose stream breaks mid-bake the first time, as when chef-sim is killed. */
        public final Set<Integer> lostInOvenOnce = ConcurrentHashMap.newKeySet();
        /** Pizzas whose calls this service refuses for good (FAILED_PRECONDITION: not a "later"). */
        public final Set<Integer> refuseForGood = ConcurrentHashMap.newKeySet();
        public final CountDownLatch holding = new CountDownLatch(1);
        public final CountDownLatch hangUp = new CountDownLatch(1);
        private final CountDownLatch letGo = new CountDownLatch(1);

        public void letGo() {
            letGo.countDown();
        }

        /** Whether to serve the call: false once it has been refused. */
        private boolean take(StreamObserver<?> responses) {
            return take(responses, 0);
        }

        private boolean take(StreamObserver<?> responses, int pizza) {
            if (refuseForGood.contains(pizza)) {
                refused.incrementAndGet();
                responses.onError(Status.FAILED_PRECONDITION.withDescription("pizza " + pizza + " cannot be made")
                        .asRuntimeException());
                return false;
            }
            if (refuseNext.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
                refused.incrementAndGet();
                responses.onError(refusal);
                return false;
            }
            taken.incrementAndGet();
            pizzas.add(pizza);
            return true;
        }

        /** Works {@link #workTime} (or until the caller hangs up) and notes when. */
        private void work() {
            CountDownLatch meeting = meet;
            if (meeting != null) {
                meeting.countDown();
                try {
                    meeting.await(MEET_AT_MOST.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            Instant started = Instant.now();
            long until = System.nanoTime() + workTime.toNanos();
            while (System.nanoTime() < until && !Context.current().isCancelled()) {
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            spans.add(new Instant[] {started, Instant.now()});
        }

        /** The most calls this service worked on at the same moment. */
        public int mostAtOnce() {
            int most = 0;
            for (Instant[] one : spans) {
                int atOnce = 0;
                for (Instant[] other : spans) {
                    if (!other[0].isAfter(one[0]) && other[1].isAfter(one[0])) {
                        atOnce++;
                    }
                }
                most = Math.max(most, atOnce);
            }
            return most;
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
            if (!panettiere.take(responses, request.getPizza()) || !panettiere.holdIfAsked()) {
                return;
            }
            panettiere.work();
            responses.onNext(MakeDoughResponse.newBuilder().setOrderId(request.getOrderId())
                    .setPanettiere("Gino").setInstance("panettiere-test").build());
            responses.onCompleted();
        }
    }

    private final class Chef extends ChefServiceGrpc.ChefServiceImplBase {
        @Override
        public void cook(CookRequest request, StreamObserver<CookUpdate> updates) {
            if (!chef.take(updates, request.getPizza())) {
                return;
            }
            updates.onNext(cookUpdate(request, CookStage.COOK_STAGE_TOPPING, "tomato, basil"));
            if (!chef.holdIfAsked()) {
                return;
            }
            try {
                updates.onNext(cookUpdate(request, CookStage.COOK_STAGE_IN_OVEN, "baking for 8 s"));
                if (chef.lostInOvenOnce.remove(request.getPizza())) {
                    updates.onError(Status.UNAVAILABLE.withDescription("chef-sim went away mid-bake").asRuntimeException());
                    return;
                }
                chef.work();
                updates.onNext(chef.burnOnce.remove(request.getPizza())
                        ? cookUpdate(request, CookStage.COOK_STAGE_BURNT, "forgot it in the oven")
                        : cookUpdate(request, CookStage.COOK_STAGE_READY, "out of the oven"));
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
