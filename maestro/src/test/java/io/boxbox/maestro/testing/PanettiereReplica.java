package io.boxbox.maestro.testing;

import io.boxbox.pacchetto.grpc.Refusals;
import io.boxbox.proto.panettiere.v1.MakeDoughRequest;
import io.boxbox.proto.panettiere.v1.MakeDoughResponse;
import io.boxbox.proto.panettiere.v1.PanettiereServiceGrpc;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.stub.StreamObserver;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One panettiere replica with one person, on its own loopback port, with the real gRPC health
 * service as the real replicas have it: asleep, it reports NOT_SERVING for "" (as
 * {@code CrewReporter} does) and refuses with UNAVAILABLE; busy, it stays SERVING and refuses with
 * RESOURCE_EXHAUSTED. It counts the doughs it made and the calls it refused.
 */
public final class PanettiereReplica implements AutoCloseable {

    private enum Shift { ON_DUTY, ASLEEP, BUSY }

    private final String person;
    private final HealthStatusManager health = new HealthStatusManager();
    private final Server server;
    private final AtomicInteger made = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private volatile Shift shift = Shift.ON_DUTY;

    public PanettiereReplica(String person) throws IOException {
        this.person = person;
        health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, ServingStatus.SERVING);
        server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
                .addService(new Panettiere())
                .addService(health.getHealthService())
                .build()
                .start();
    }

    public String address() {
        return "127.0.0.1:" + server.getPort();
    }

    /** The whole crew (one person) asleep: NOT_SERVING, and any call that still arrives is refused. */
    public void fallsAsleep() {
        shift = Shift.ASLEEP;
        health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, ServingStatus.NOT_SERVING);
    }

    /** Present but with full hands: still SERVING, every call refused "all busy". */
    public void isBusy() {
        shift = Shift.BUSY;
    }

    public void backOnDuty() {
        shift = Shift.ON_DUTY;
        health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, ServingStatus.SERVING);
    }

    public int doughsMade() {
        return made.get();
    }

    public int refusals() {
        return refused.get();
    }

    public String person() {
        return person;
    }

    @Override
    public void close() throws InterruptedException {
        health.enterTerminalState();
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private final class Panettiere extends PanettiereServiceGrpc.PanettiereServiceImplBase {
        @Override
        public void makeDough(MakeDoughRequest request, StreamObserver<MakeDoughResponse> responses) {
            switch (shift) {
                case ASLEEP -> {
                    refused.incrementAndGet();
                    responses.onError(Refusals.nobodyAvailable("nobody on duty at panettiere: " + person + " asleep",
                            Duration.ofMillis(50)));
                }
                case BUSY -> {
                    refused.incrementAndGet();
                    // A long hint on purpose: a maestro that honoured it would visibly wait.
                    responses.onError(Refusals.allBusy("everyone busy at panettiere: " + person + " kneading",
                            Duration.ofSeconds(3)));
                }
                case ON_DUTY -> {
                    made.incrementAndGet();
                    responses.onNext(MakeDoughResponse.newBuilder().setOrderId(request.getOrderId())
                            .setPanettiere(person).setInstance("panettiere-" + person).build());
                    responses.onCompleted();
                }
            }
        }
    }
}
