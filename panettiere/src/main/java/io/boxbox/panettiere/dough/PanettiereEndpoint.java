package io.boxbox.panettiere.dough;

import io.boxbox.pacchetto.crew.Assignment;
import io.boxbox.pacchetto.crew.Crew;
import io.boxbox.pacchetto.crew.CrewMember;
import io.boxbox.pacchetto.crew.CrewStatusMapper;
import io.boxbox.pacchetto.grpc.ProtoTime;
import io.boxbox.pacchetto.grpc.Refusals;
import io.boxbox.pacchetto.identity.ServiceIdentity;
import io.boxbox.pacchetto.sim.SimClock;
import io.boxbox.pacchetto.telemetry.Telemetry;
import io.boxbox.pacchetto.sim.Variance;
import io.boxbox.proto.common.v1.StatusRequest;
import io.boxbox.proto.common.v1.StatusResponse;
import io.boxbox.proto.panettiere.v1.MakeDoughRequest;
import io.boxbox.proto.panettiere.v1.MakeDoughResponse;
import io.boxbox.proto.panettiere.v1.PanettiereServiceGrpc;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Duration;
import java.time.Instant;

/**
 * MakeDough: the first panettiere awake and free kneads the dough, taking as long as they take.
 * Everyone asleep answers UNAVAILABLE, everyone busy RESOURCE_EXHAUSTED, each with retry-after.
 */
@Singleton
public class PanettiereEndpoint extends PanettiereServiceGrpc.PanettiereServiceImplBase {

    private static final Logger LOG = LoggerFactory.getLogger(PanettiereEndpoint.class);

    private final Crew crew;
    private final Variance doughTime;
    private final SimClock clock;
    private final ServiceIdentity identity;

    public PanettiereEndpoint(Crew crew, DoughSettings settings, SimClock clock, ServiceIdentity identity) {
        this.crew = crew;
        this.doughTime = new Variance(settings.doughTime(), settings.doughVariance());
        this.clock = clock;
        this.identity = identity;
    }

    @Override
    public void makeDough(MakeDoughRequest request, StreamObserver<MakeDoughResponse> responses) {
        if (request.getOrderId().isBlank()) {
            responses.onError(Status.INVALID_ARGUMENT.withDescription("order_id is required").asRuntimeException());
            return;
        }
        Assignment assignment = crew.assign(request.getOrderId(), clock.scale().wallClock(doughTime.base()));
        if (assignment instanceof Assignment.Refused refused) {
            responses.onError(Refusals.from(refused));
            return;
        }
        CrewMember panettiere = ((Assignment.Taken) assignment).member();
        MDC.put("order_id", request.getOrderId());
        MDC.put("person", panettiere.name());
        Telemetry.tagCurrent(request.getOrderId(), panettiere.name());
        try {
            Instant started = clock.now();
            Duration kneading = panettiere.timeFor(doughTime);
            LOG.info("{} kneads the dough for order {} ({} s)", panettiere.name(), request.getOrderId(), kneading.toSeconds());
            clock.spend(kneading);
            responses.onNext(MakeDoughResponse.newBuilder()
                    .setOrderId(request.getOrderId())
                    .setPanettiere(panettiere.name())
                    .setInstance(identity.instance())
                    .setStartedAt(ProtoTime.of(started))
                    .setFinishedAt(ProtoTime.of(clock.now()))
                    .build());
            responses.onCompleted();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            responses.onError(Status.ABORTED.withDescription("dough abandoned: shutting down").asRuntimeException());
        } finally {
            crew.release(panettiere, request.getOrderId());
            MDC.remove("order_id");
            MDC.remove("person");
        }
    }

    @Override
    public void status(StatusRequest request, StreamObserver<StatusResponse> responses) {
        responses.onNext(CrewStatusMapper.toStatus(identity, crew));
        responses.onCompleted();
    }
}
